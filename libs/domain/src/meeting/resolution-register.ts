import { z } from 'zod';
import type { Decider } from '../shared/decider';
import { idSchema } from '../shared/primitives';

/**
 * The register of resolution numbers of one cluster: each body numbers its resolutions n/yyyy, from 1
 * each year. One stream per cluster, so two votes closing at once cannot take the same number.
 */
export const resolutionRegisterStreamId = (clusterId: string) => `resolutions-${clusterId}`;

export const resolutionNumberAssignedSchema = z.object({
  body: z.string(),
  year: z.number().int(),
  sequence: z.number().int().positive(),
  number: z.string(),
  meetingId: idSchema,
  voteId: idSchema,
});
export type ResolutionNumberAssigned = { type: 'ResolutionNumberAssigned'; data: z.infer<typeof resolutionNumberAssignedSchema> };

export interface AssignResolutionNumber {
  type: 'AssignResolutionNumber';
  body: string;
  year: number;
  meetingId: string;
  voteId: string;
}

export type ResolutionRegisterState = ResolutionNumberAssigned['data'][];

export const resolutionRegisterDecider: Decider<ResolutionRegisterState, AssignResolutionNumber, ResolutionNumberAssigned> = {
  initialState: () => [],
  // A vote keeps the number it was given: asking again (a retried close) assigns nothing new.
  decide: (c, state) => {
    if (state.some((r) => r.meetingId === c.meetingId && r.voteId === c.voteId)) return [];
    const sequence = state.filter((r) => r.body === c.body && r.year === c.year).length + 1;
    return [{ type: 'ResolutionNumberAssigned', data: { body: c.body, year: c.year, sequence, number: `${sequence}/${c.year}`, meetingId: c.meetingId, voteId: c.voteId } }];
  },
  evolve: (state, e) => [...state, e.data],
};

export function parseResolutionRegisterEvent(type: string, data: unknown): ResolutionNumberAssigned {
  if (type !== 'ResolutionNumberAssigned') throw new Error(`Unknown resolution register event '${type}'`);
  return { type, data: resolutionNumberAssignedSchema.parse(data) };
}
