import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One byte of the stored log changed on disk while no server has it open: the '4242' of `marker` becomes '4342'. */
export function flipByteOf(dataDir: string, marker: string): void {
  const path = join(dataDir, 'events.sqlite');
  const bytes = readFileSync(path);
  const at = bytes.indexOf(Buffer.from(marker));
  if (at < 0 || bytes.indexOf(Buffer.from(marker), at + 1) >= 0) throw new Error(`'${marker}' is not in the log exactly once`);
  bytes[at + marker.indexOf('4242') + 1] = '3'.charCodeAt(0);
  writeFileSync(path, bytes);
}
