// Prints the text of the PDF read from standard input, as a PDF reader extracts it (pdf-parse, over
// Mozilla's pdf.js). A separate process: pdf.js loads its worker with a dynamic import, which jest's
// CommonJS sandbox does not allow.
import { PDFParse } from 'pdf-parse';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
try {
  process.stdout.write((await parser.getText()).text);
} finally {
  await parser.destroy();
}
