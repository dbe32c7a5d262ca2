import type PDFDocumentClass from 'pdfkit';
import type { Readable } from 'node:stream';

/**
 * pdfkit (with its font engine) is loaded when the first document is written, not with the server: it
 * costs about a second of start-up on a busy machine (as much as Nest's core), in the server, the CLI and
 * every end-to-end test file, and most of them never write a PDF.
 */
let pdfkit: typeof PDFDocumentClass | undefined;
// pdfkit is CommonJS: its module is the class.
const loadPdfkit = (): typeof PDFDocumentClass => (pdfkit ??= require('pdfkit') as typeof PDFDocumentClass);

/**
 * DejaVu Sans from the `dejavu-fonts-ttf` npm package: every Polish letter (ą ć ę ł ń ó ś ź ż), shipped
 * with the server and embedded (subset) in each document — nothing is fetched at run time.
 */
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

/** A document being written: headings, paragraphs and list items, with a footer on every page. */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;

  constructor(title: string, language: string) {
    this.doc = new (loadPdfkit())({ size: 'A4', margins: { top: 56, bottom: 72, left: 56, right: 56 }, bufferPages: true, info: { Title: title, Creator: 'Klaster' }, lang: language } as PDFKit.PDFDocumentOptions);
    this.doc.registerFont('body', FONT);
    this.doc.registerFont('bold', FONT_BOLD);
    this.doc.font('body').fontSize(10);
  }

  title(text: string): this {
    this.doc.font('bold').fontSize(16).text(text).moveDown(0.5).font('body').fontSize(10);
    return this;
  }

  heading(text: string): this {
    this.doc.moveDown(0.6).font('bold').fontSize(12).text(text).moveDown(0.3).font('body').fontSize(10);
    return this;
  }

  line(text: string, options: { bold?: boolean; indent?: number } = {}): this {
    this.doc.font(options.bold ? 'bold' : 'body').text(text, { indent: options.indent ?? 0 }).font('body');
    return this;
  }

  item(text: string, indent = 12): this {
    this.doc.text(`• ${text}`, { indent });
    return this;
  }

  gap(lines = 0.5): this {
    this.doc.moveDown(lines);
    return this;
  }

  /**
   * Ends the document: writes the footer (the seal it was drawn from, the page number) on every page,
   * and returns the PDF's bytes as a stream.
   */
  finish(footer: (page: number, pages: number) => string[]): Readable {
    const { start, count } = this.doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      this.doc.switchToPage(i);
      const bottom = this.doc.page.margins.bottom;
      // Writing in the bottom margin must not add a page.
      this.doc.page.margins.bottom = 0;
      const lines = footer(i - start + 1, count);
      this.doc.font('body').fontSize(7).fillColor('#333333');
      this.doc.text(lines.join('\n'), 56, this.doc.page.height - 60, { width: this.doc.page.width - 112, lineBreak: true });
      this.doc.page.margins.bottom = bottom;
    }
    this.doc.end();
    return this.doc as unknown as Readable;
  }
}
