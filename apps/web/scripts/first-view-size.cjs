// The first view's JavaScript, gzipped: the entry chunk of index.html and every chunk it imports
// statically (what a browser must load before the first screen), from Vite's build manifest.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { gzipSync } = require('node:zlib');

const FIRST_VIEW_BUDGET_BYTES = 200 * 1024;

function firstViewSize(dist) {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const dep of manifest[key].imports ?? []) visit(dep);
  };
  const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
  visit(entry);
  const chunks = [...seen].map((k) => {
    const bytes = readFileSync(join(dist, manifest[k].file));
    return { file: manifest[k].file, bytes: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
  });
  const lazy = Object.values(manifest).filter((c) => c.file.endsWith('.js') && !chunks.some((f) => f.file === c.file));
  return {
    chunks,
    gzipped: chunks.reduce((n, c) => n + c.gzipped, 0),
    bytes: chunks.reduce((n, c) => n + c.bytes, 0),
    lazyChunks: lazy.length,
    lazyGzipped: lazy.reduce((n, c) => n + gzipSync(readFileSync(join(dist, c.file)), { level: 9 }).length, 0),
  };
}

module.exports = { FIRST_VIEW_BUDGET_BYTES, firstViewSize };
