/**
 * The server's clock as its answers state it (the HTTP Date header, UTC, to the second), so a test
 * compares dates with what the server saw rather than with a date it computed itself at load time —
 * which breaks at midnight UTC and on New Year.
 */
export function serverDate(response: { headers: Headers }): Date {
  const header = response.headers.get('date');
  if (!header) throw new Error('the answer carries no Date header');
  return new Date(header);
}

export const serverDay = (response: { headers: Headers }) => serverDate(response).toISOString().slice(0, 10);
export const serverYear = (response: { headers: Headers }) => serverDate(response).getUTCFullYear();

/** The years the server's clock showed from one answer to a later one: one year, or two across New Year. */
export function yearsBetween(before: { headers: Headers }, after: { headers: Headers }): number[] {
  const [from, to] = [serverYear(before), serverYear(after)];
  return from === to ? [from] : [from, to];
}
