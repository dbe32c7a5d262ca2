import { notFound, ruleBroken } from '../shared/rejection';
import type { ResolutionFacts } from '../meeting/resolution-facts';
import type { VoteSubject } from '../meeting/meeting.events';
import type { DecisionKind } from './charter';

const GENERAL_MEETINGS = ['general', 'extraordinary_general'];

/**
 * The resolution an act rests on must exist, be closed, come from the right body, be of the right
 * decision kind (so it was judged under the right rule) and be about exactly this subject.
 */
export function requireResolution(
  facts: ResolutionFacts | undefined,
  expected: { decisionKind: DecisionKind; generalMeeting: boolean; subject: VoteSubject },
): ResolutionFacts {
  if (!facts) throw notFound('No closed vote with that meeting and vote id');
  if (expected.generalMeeting && !GENERAL_MEETINGS.includes(facts.meetingKind)) {
    throw ruleBroken(`Only a resolution of the general meeting decides this; ${facts.resolution.number} was taken by a ${facts.meetingKind.replace('_', ' ')} meeting`);
  }
  if (facts.decisionKind !== expected.decisionKind) {
    throw ruleBroken(`Resolution ${facts.resolution.number} was a ${facts.decisionKind.replace(/_/g, ' ')} vote, not a ${expected.decisionKind.replace(/_/g, ' ')} vote`);
  }
  if (JSON.stringify(sortKeys(facts.subject)) !== JSON.stringify(sortKeys(expected.subject))) {
    throw ruleBroken(`Resolution ${facts.resolution.number} was about something else`);
  }
  return facts;
}

const sortKeys = (o: object) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
