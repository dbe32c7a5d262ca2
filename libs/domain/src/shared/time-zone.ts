import { z } from 'zod';

/** A cluster without a zone of its own lives in Poland's. */
export const DEFAULT_TIME_ZONE = 'Europe/Warsaw';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether the runtime knows this IANA zone (e.g. `Europe/Warsaw`). */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z.string().min(1).max(64).refine(isTimeZone, 'an IANA time zone, e.g. Europe/Warsaw').describe('An IANA time zone, e.g. Europe/Warsaw');

/** The wall-clock fields of an instant in a zone. */
function partsIn(instantMs: number, timeZone: string) {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instantMs)).map((p) => [p.type, p.value]));
  return { year: +parts.year, month: +parts.month, day: +parts.day, hour: +parts.hour, minute: +parts.minute, second: +parts.second };
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone: 2024-12-31T23:30Z is 2025-01-01 in Warsaw. */
export function dayIn(instant: string, timeZone: string): string {
  const p = partsIn(Date.parse(instant), timeZone);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The year an instant falls in, in a time zone. */
export function yearIn(instant: string, timeZone: string): number {
  return Number(dayIn(instant, timeZone).slice(0, 4));
}

/**
 * The instant a wall-clock time of a day has in a zone (`2016-03-15`, `12:00` in Warsaw is
 * 2016-03-15T11:00:00.000Z). Resolves the zone's offset at that moment, daylight saving included.
 */
export function instantOf(day: string, time: string, timeZone: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // The offset at the guess, then once more at the corrected instant (a DST change in between).
  let instant = wall;
  for (let i = 0; i < 2; i++) {
    const p = partsIn(instant, timeZone);
    const seen = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    instant = instant + (wall - seen);
  }
  return new Date(instant).toISOString();
}

/** The first instant after a day ends in a zone: `asOf=2015-03-01` includes every act before it. */
export function endOfDay(day: string, timeZone: string): string {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return instantOf(next, '00:00', timeZone);
}
