/** A cluster without a zone of its own lives in Poland's. */
export const DEFAULT_TIME_ZONE = 'Europe/Warsaw';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) formatters.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f;
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone: 2024-12-31T23:30Z is 2025-01-01 in Warsaw. */
export function dayIn(instant: string, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return formatter(timeZone).format(new Date(instant));
}

/** The year an instant falls in, in a time zone. */
export function yearIn(instant: string, timeZone: string): number {
  return Number(dayIn(instant, timeZone).slice(0, 4));
}
