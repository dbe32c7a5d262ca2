import { BadRequestException } from '@nestjs/common';
import type { Response } from 'express';
import type { CommandOutcome } from '../command-handling/execute-on-stream';
import type { CommandResponseBody, WrittenBody } from './contracts';

export type { CommandResponseBody, WrittenBody };

const written = (o: CommandOutcome): WrittenBody => ({
  id: o.streamId.slice(o.streamId.indexOf('-') + 1),
  streamId: o.streamId,
  revision: o.revision.toString(),
  position: o.position.toString(),
  events: o.events.map((e) => e.type),
});

/**
 * Every command answers with what it wrote; the ETag carries the addressed stream's revision for a
 * later If-Match — after any consequence written on that same stream — and `position` is the last
 * position written, consequences included, so reading with it shows them.
 */
export function commandResponse(res: Response, outcome: CommandOutcome): CommandResponseBody {
  const consequences = outcome.consequences ?? [];
  const sameStream = consequences.filter((c) => c.streamId === outcome.streamId);
  const revision = [outcome, ...sameStream].reduce((r, o) => (o.revision > r ? o.revision : r), outcome.revision);
  const position = [outcome, ...consequences].reduce((p, o) => (o.position > p ? o.position : p), outcome.position);
  res.setHeader('ETag', `W/"${revision}"`);
  return {
    ...written(outcome),
    revision: revision.toString(),
    position: position.toString(),
    ...(outcome.consequences ? { consequences: consequences.map(written) } : {}),
    ...(outcome.consequencesPending ? { consequencesPending: true as const } : {}),
  };
}

/** Reads `If-Match: W/"12"` (or `"12"`) as an expected revision. */
export function expectedRevisionFrom(ifMatch: string | undefined): bigint | undefined {
  if (!ifMatch) return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(ifMatch.trim());
  if (!match) throw new BadRequestException('If-Match must be a revision as an ETag, e.g. W/"12"');
  return BigInt(match[1]);
}
