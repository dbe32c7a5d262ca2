import { z } from 'zod';
import type { Decider } from '../shared/decider';
import { idSchema } from '../shared/primitives';

/**
 * The register of resolution numbers of one cluster: each body numbers its resolutions n/yyyy, from 1
 * each year. One stream per cluster, so two votes closing at once cannot take the same number.
 */
export const resolutionRegisterStreamId = (clusterId: string) => `resolutions-${clusterId}`;

/** A resolution is a closed vote of a meeting (voteId), or a leader election held at it (electionId). */
export const resolutionNumberAssignedSchema = z.object({
  body: z.string(),
  year: z.number().int(),
  sequence: z.number().int().positive(),
  number: z.string(),
  meetingId: idSchema,
  voteId: idSchema.optional(),
  electionId: idSchema.optional(),
});
export type ResolutionNumberAssigned = { type: 'ResolutionNumberAssigned'; data: z.infer<typeof resolutionNumberAssignedSchema> };

export type AssignResolutionNumber = {
  type: 'AssignResolutionNumber';
  body: string;
  year: number;
  meetingId: string;
} & ({ voteId: string; electionId?: undefined } | { electionId: string; voteId?: undefined });

/** Whether a register entry is the one this command numbers: the same vote, or the same election. */
const sameDecision = (r: ResolutionNumberAssigned['data'], c: AssignResolutionNumber) =>
  c.electionId !== undefined ? r.electionId === c.electionId : r.electionId === undefined && r.meetingId === c.meetingId && r.voteId === c.voteId;

export type ResolutionRegisterState = ResolutionNumberAssigned['data'][];

export const resolutionRegisterDecider: Decider<ResolutionRegisterState, AssignResolutionNumber, ResolutionNumberAssigned> = {
  initialState: () => [],
  // A vote (or an election) keeps the number it was given: asking again (a retried close) assigns nothing new.
  decide: (c, state) => {
    if (state.some((r) => sameDecision(r, c))) return [];
    const sequence = state.filter((r) => r.body === c.body && r.year === c.year).length + 1;
    const decided = c.electionId !== undefined ? { electionId: c.electionId } : { voteId: c.voteId };
    return [{ type: 'ResolutionNumberAssigned', data: { body: c.body, year: c.year, sequence, number: `${sequence}/${c.year}`, meetingId: c.meetingId, ...decided } }];
  },
  evolve: (state, e) => [...state, e.data],
};

export function parseResolutionRegisterEvent(type: string, data: unknown): ResolutionNumberAssigned {
  if (type !== 'ResolutionNumberAssigned') throw new Error(`Unknown resolution register event '${type}'`);
  return { type, data: resolutionNumberAssignedSchema.parse(data) };
}
