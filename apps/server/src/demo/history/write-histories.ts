import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_HISTORIES } from './sample-histories';

/** `npm run demo:histories`: rewrites the shipped sample history files from their builders. */
for (const { file, build } of SAMPLE_HISTORIES) {
  const text = build();
  writeFileSync(join(__dirname, file), text);
  console.log(`${file}: ${text.trimEnd().split('\n').length} acts`);
}
