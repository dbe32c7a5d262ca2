import { createHash } from 'node:crypto';
import { instantOf } from '@klaster/domain';

/**
 * Builds a history file (JSON Lines, the import format): one `{ type, params, body }` a line, in the order
 * the acts happened. The sample histories are written with it so they stay readable as code, and a test
 * checks each shipped `.jsonl` is exactly what its builder writes.
 */
export class HistoryFile {
  private readonly lines: string[] = [];

  constructor(readonly timeZone = 'Europe/Warsaw') {}

  act(type: string, params: object, body: object): void {
    this.lines.push(JSON.stringify({ type, params, body }));
  }

  /** A wall-clock time in the cluster's zone with its offset, e.g. 2015-03-12T10:00:00+01:00. */
  local(day: string, time: string): string {
    const instant = Date.parse(instantOf(day, time, this.timeZone));
    const offset = (Date.parse(`${day}T${time}:00Z`) - instant) / 60000;
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${day}T${time}:00${offset >= 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  }

  text(): string {
    return this.lines.join('\n') + '\n';
  }
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** 2015-03-02 → 02.03.2015, as Polish documents write dates. */
export const polishDate = (day: string) => day.split('-').reverse().join('.');
