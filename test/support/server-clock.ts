import { dayIn, yearIn } from '@klaster/domain';

/**
 * The server's clock as its answers state it (the HTTP Date header, to the second), so a test compares
 * dates with what the server saw rather than with a date it computed itself at load time — which breaks
 * at midnight and on New Year. Days and years are the cluster's, in its time zone (the test clusters'
 * is Europe/Warsaw, the default).
 */
export const CLUSTER_TIME_ZONE = 'Europe/Warsaw';

export function serverDate(response: { headers: Headers }): Date {
  const header = response.headers.get('date');
  if (!header) throw new Error('the answer carries no Date header');
  return new Date(header);
}

export const serverDay = (response: { headers: Headers }, timeZone = CLUSTER_TIME_ZONE) => dayIn(serverDate(response).toISOString(), timeZone);
export const serverYear = (response: { headers: Headers }, timeZone = CLUSTER_TIME_ZONE) => yearIn(serverDate(response).toISOString(), timeZone);

/** The years the server's clock showed from one answer to a later one: one year, or two across New Year. */
export function yearsBetween(before: { headers: Headers }, after: { headers: Headers }, timeZone = CLUSTER_TIME_ZONE): number[] {
  const [from, to] = [serverYear(before, timeZone), serverYear(after, timeZone)];
  return from === to ? [from] : [from, to];
}
