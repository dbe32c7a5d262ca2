import { BadRequestException } from '@nestjs/common';
import type { Response } from 'express';
import type { CommandOutcome } from '../command-handling/execute-on-stream';

export interface CommandResponseBody {
  streamId: string;
  /** Decimal strings: revisions and positions are 64-bit. */
  revision: string;
  position: string;
  events: string[];
}

/** Every command answers with what it wrote; the ETag carries the revision for a later If-Match. */
export function commandResponse(res: Response, outcome: CommandOutcome): CommandResponseBody {
  res.setHeader('ETag', `W/"${outcome.revision}"`);
  return {
    streamId: outcome.streamId,
    revision: outcome.revision.toString(),
    position: outcome.position.toString(),
    events: outcome.events.map((e) => e.type),
  };
}

/** Reads `If-Match: W/"12"` (or `"12"`) as an expected revision. */
export function expectedRevisionFrom(ifMatch: string | undefined): bigint | undefined {
  if (!ifMatch) return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(ifMatch.trim());
  if (!match) throw new BadRequestException('If-Match must be a revision as an ETag, e.g. W/"12"');
  return BigInt(match[1]);
}
