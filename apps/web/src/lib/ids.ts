/**
 * A new aggregate's id (the API lets the client choose it): readable from its title, unique by a
 * random suffix. Existing ids are never built: they are used exactly as the API returns them.
 */
export function newId(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  const suffix = crypto.randomUUID().slice(0, 6);
  return slug ? `${slug}-${suffix}` : suffix;
}

/** Today in a time zone, as YYYY-MM-DD (the day an act occurs is judged in the cluster's zone). */
export function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
