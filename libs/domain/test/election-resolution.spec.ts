import { electionDecider } from '../src/election/election.decider';
import { fold } from '../src/shared/decider';
import { resolutionRegisterDecider, type ResolutionNumberAssigned } from '../src/meeting/resolution-register';
import type { ElectionEvent } from '../src/election/election.events';
import { specFor } from './given-when-then';
import { T0, called, roundOpened, standing } from './election.fixtures';

/** A leader election that elected is a resolution of the meeting's body, numbered in its register like a vote. */
describe('a leader election as a numbered resolution', () => {
  describe('the register', () => {
    const register = specFor(resolutionRegisterDecider);
    const forVote = (sequence: number, voteId: string, year = 2024): ResolutionNumberAssigned => ({
      type: 'ResolutionNumberAssigned',
      data: { body: 'general_meeting', year, sequence, number: `${sequence}/${year}`, meetingId: 'c1.ozc', voteId },
    });
    const forElection = (sequence: number, electionId: string, year = 2024): ResolutionNumberAssigned => ({
      type: 'ResolutionNumberAssigned',
      data: { body: 'general_meeting', year, sequence, number: `${sequence}/${year}`, meetingId: 'c1.ozc', electionId },
    });
    const assignElection = (electionId: string, year = 2024) => ({ type: 'AssignResolutionNumber' as const, body: 'general_meeting', year, meetingId: 'c1.ozc', electionId });
    const assignVote = (voteId: string, year = 2024) => ({ type: 'AssignResolutionNumber' as const, body: 'general_meeting', year, meetingId: 'c1.ozc', voteId });

    it('gives the election the body’s next number of the year, after the votes before it, and votes after it the next', () => {
      register([forVote(1, 'v1')]).when(assignElection('c1.wybory')).then([forElection(2, 'c1.wybory')]);
      register([forVote(1, 'v1'), forElection(2, 'c1.wybory')]).when(assignVote('v2')).then([forVote(3, 'v2')]);
      register([forVote(1, 'v1', 2024)]).when(assignElection('c1.wybory', 2025)).then([forElection(1, 'c1.wybory', 2025)]);
    });

    it('keeps the number an election was given when asked again; a vote named like the election is another decision', () => {
      register([forElection(1, 'c1.wybory')]).when(assignElection('c1.wybory')).then([]);
      register([forElection(1, 'c1.wybory')]).when(assignVote('c1.wybory')).then([forVote(2, 'c1.wybory')]);
      register([forVote(1, 'c1.wybory')]).when(assignElection('c1.wybory')).then([forElection(2, 'c1.wybory')]);
    });
  });

  describe('the election', () => {
    const election = specFor(electionDecider);
    const resolution = { number: '2/2024', body: 'general_meeting', sequence: 2, year: 2024 };
    const record = (r = resolution) => ({ type: 'RecordElectionResolutionNumber' as const, electionId: 'e1', resolution: r, actor: '$klaster', at: T0 });
    const elected: ElectionEvent[] = [
      called(),
      ...standing('m2'),
      roundOpened(1, ['m2']),
      { type: 'RoundClosed', data: { round: 1, kind: 'normal', counts: [{ memberId: 'm2', votes: 4 }], abstain: 1, cast: 5, ballots: 5, quorum: { entitled: 5, present: 5, reached: true }, outcome: 'elected', entitledVoters: [], closedAt: T0 } },
      { type: 'LeaderElected', data: { memberId: 'm2', round: 1, votes: 4, electedAt: T0 } },
    ];

    it('records the register’s number once; asked again with it, records nothing; another number is a conflict', () => {
      election(elected).when(record()).then([{ type: 'ElectionResolutionNumbered', data: { resolution } }]);
      const numbered: ElectionEvent[] = [...elected, { type: 'ElectionResolutionNumbered', data: { resolution } }];
      expect(fold(electionDecider, numbered).resolution).toEqual(resolution);
      election(numbered).when(record()).then([]);
      election(numbered).when(record({ ...resolution, number: '3/2024', sequence: 3 })).rejects('conflict', /already resolution 2\/2024/);
    });

    it('is not a resolution before it elected anyone, nor if it ended inconclusively', () => {
      election([called(), ...standing('m2')]).when(record()).rejects('rule_broken', /elected no one/);
      election([called(), { type: 'ElectionInconclusive', data: { round: 1, reason: 'tie', at: T0 } }]).when(record()).rejects('rule_broken', /has elected no one: it is not a resolution/);
      election([]).when(record()).rejects('not_found', /Election 'e1' does not exist/);
    });
  });
});
