import type { KeyObject } from 'node:crypto';
import { aggregateOf } from '../streams/cluster-streams';
import { sealRoot, sealSchema } from '../seal/seal-format';
import { signatureFault } from '../seal/seal-key';
import { eventJsonSchema, recomputedHash, type EventJson } from '../proof/event-json';
import { because, explained, type AuditFinding } from '../verify/findings';
import { EXPORT_FORMAT } from './export-trail';

export interface ExportCheck {
  ok: boolean;
  complete: boolean;
  eventsChecked: number;
  signatureChecked: boolean;
  seal?: { sequence: number; root: string; throughPosition: string };
  problems: AuditFinding[];
}

/**
 * Checks a JSON Lines export offline (docs/formats.md, "Export"): each event's hash; in a complete
 * export, each stream's chain from its first event and its last event against the head the final seal
 * lists; the seal's root and signature; and that the export ends with its seal (else it was cut short).
 */
export async function verifyExport(lines: AsyncIterable<string> | Iterable<string>, options: { publicKey?: KeyObject } = {}): Promise<ExportCheck> {
  const problems: AuditFinding[] = [];
  const heads = new Map<string, EventJson>();
  let header: { format?: string; complete?: boolean } | undefined;
  let sealLine: EventJson | undefined;
  let count = 0;
  let lineNo = 0;
  const at = (e: EventJson, kind: AuditFinding['kind'], reason: Pick<AuditFinding, 'reason' | 'detail'>): AuditFinding => ({ kind, streamId: e.streamId, revision: BigInt(e.revision), eventId: e.id, position: BigInt(e.position), ...reason });
  for await (const raw of lines) {
    lineNo++;
    if (!raw.trim()) continue;
    let line: { kind?: string; event?: unknown; format?: string; complete?: boolean };
    try {
      line = JSON.parse(raw);
    } catch {
      problems.push({ kind: 'changed', streamId: '-', ...because('finding.export.notJson', { line: lineNo }) });
      continue;
    }
    if (lineNo === 1) {
      if (line.kind !== 'header' || line.format !== EXPORT_FORMAT) problems.push({ kind: 'changed', streamId: '-', ...because('finding.export.notHeader', { format: EXPORT_FORMAT }) });
      header = line;
      continue;
    }
    if (sealLine) problems.push({ kind: 'changed', streamId: '-', ...because('finding.export.afterSeal', { line: lineNo }) });
    const parsed = eventJsonSchema.safeParse(line.event);
    if (!parsed.success) {
      problems.push({ kind: 'changed', streamId: '-', ...because('finding.export.noEvent', { line: lineNo }) });
      continue;
    }
    const e = parsed.data;
    if (line.kind === 'seal') {
      sealLine = e;
    } else {
      count++;
    }
    if (recomputedHash(e) !== e.metadata.hash) problems.push(at(e, 'changed', because('finding.export.hash')));
    const before = heads.get(e.streamId);
    if (before) {
      if (BigInt(e.revision) !== BigInt(before.revision) + 1n) {
        problems.push(at(e, BigInt(e.revision) > BigInt(before.revision) ? 'missing' : 'reordered', because('finding.export.revisionFollows', { revision: e.revision, previous: before.revision })));
      } else if (e.metadata.prevHash !== before.metadata.hash) problems.push(at(e, 'changed', because('finding.export.prevHash')));
    } else if (header?.complete && e.revision !== '0') {
      problems.push(at(e, 'missing', because('finding.export.earlierMissing', { revision: e.revision })));
    }
    if (!before || BigInt(e.revision) > BigInt(before.revision)) heads.set(e.streamId, e);
  }
  const complete = header?.complete === true;
  if (!sealLine) {
    problems.push({ kind: 'truncated', streamId: '-', ...because('finding.export.noSeal') });
    return { ok: false, complete, eventsChecked: count, signatureChecked: false, problems };
  }
  const parsedSeal = sealSchema.safeParse(sealLine.data);
  if (!parsedSeal.success) {
    problems.push(at(sealLine, 'changed', because('finding.export.lastNotSeal')));
    return { ok: false, complete, eventsChecked: count, signatureChecked: false, problems };
  }
  const seal = parsedSeal.data;
  if (sealRoot(seal.streams) !== seal.root) problems.push(at(sealLine, 'changed', because('finding.export.sealRoot')));
  if (options.publicKey) {
    const fault = signatureFault(seal, options.publicKey);
    if (fault) problems.push(at(sealLine, 'bad_signature', explained(fault)));
  }
  if (complete) {
    for (const head of seal.streams) {
      const last = heads.get(head.streamId);
      const finding = (kind: AuditFinding['kind'], reason: Pick<AuditFinding, 'reason' | 'detail'>): AuditFinding => ({ kind, streamId: head.streamId, revision: BigInt(head.revision), ...reason });
      if (!last) problems.push(finding('missing', because('finding.export.headMissing', { revision: head.revision })));
      else if (BigInt(last.revision) < BigInt(head.revision)) problems.push(finding('truncated', because('finding.export.headTruncated', { end: last.revision, revision: head.revision })));
      else if (last.revision !== head.revision || last.metadata.hash !== head.hash) problems.push(finding('changed', because('finding.export.headNotLast')));
    }
    const listed = new Set(seal.streams.map((h) => h.streamId));
    for (const [streamId, e] of heads) {
      if (aggregateOf(streamId)?.kind === 'seal' || listed.has(streamId)) continue;
      problems.push(at(e, 'changed', because('finding.export.unlisted')));
    }
  }
  return { ok: problems.length === 0, complete, eventsChecked: count, signatureChecked: options.publicKey !== undefined, seal: { sequence: seal.sequence, root: seal.root, throughPosition: seal.throughPosition }, problems };
}
