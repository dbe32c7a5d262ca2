import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCharter, type ElectionEvent, type ElectionState, type MeetingEvent } from '@klaster/domain';
import { SqliteEventStore } from '@klaster/event-store';
import { ProjectionRunner, ReadModelStore, electionsReadModel, meetingsReadModel, type AggregateDoc } from '../src';
import { newEvent } from '../../event-store/test/contract/fixtures';
import type { MeetingState } from '@klaster/domain';

/**
 * The meetings read model's cost of a ballot must not grow with the vote's ballots: a commit writes
 * the ballot's row and its vote's header (the running count), never the ballots already cast. These
 * count the rows and characters the store writes (no timing), so they fail if a ballot rewrote its
 * vote with every ballot, as the documents did before they were split per ballot.
 */

const AT = '2024-03-14T10:00:00.000Z';
const STREAM = 'meeting-k1.wz';
const MEMBERS = 400;
const memberIds = Array.from({ length: MEMBERS }, (_, i) => `m${String(i + 1).padStart(4, '0')}`);

const event = (e: MeetingEvent) => newEvent(e.type, e.data as never);
const ballot = (memberId: string, choice: 'yes' | 'no' = 'yes', type: 'BallotCast' | 'BallotCorrected' = 'BallotCast'): MeetingEvent =>
  ({ type, data: { voteId: 'v1', memberId, castBy: memberId.replace('m', 'p'), viaProxyOf: null, weight: 1, choice } }) as MeetingEvent;
const opening: MeetingEvent[] = [
  { type: 'MeetingConvened', data: { meetingId: 'k1.wz', clusterId: 'k1', kind: 'general', title: 'Walne', scheduledFor: AT, venue: { mode: 'in_person', place: 'Olsztyn' }, agenda: [{ itemId: 'a1', title: 'Plan' }], convenedBy: 'p1' } },
  { type: 'MeetingOpened', data: { openedAt: AT } },
  ...memberIds.map((m) => ({ type: 'AttendanceRecorded', data: { memberId: m, personId: m.replace('m', 'p'), presence: 'in_person', at: AT } }) as MeetingEvent),
  {
    type: 'VoteOpened',
    data: { voteId: 'v1', agendaItemId: 'a1', motion: 'Plan', secrecy: 'named', decisionKind: 'ordinary_resolution', subject: { kind: 'general' }, rule: defaultCharter.decisionRules.ordinary_resolution, charterVersion: 1, openedAt: AT },
  },
];

describe('the meetings read model: a ballot writes what it changed, whatever the number of ballots', () => {
  let dir: string;
  let store: SqliteEventStore;
  let models: ReadModelStore;
  let runner: ProjectionRunner;

  const append = async (...events: MeetingEvent[]) => {
    const r = await store.append(STREAM, events.map(event), { expectedRevision: 'any' });
    expect(await runner.waitFor(r.position, 10_000)).toBe(true);
  };
  /** What the store wrote for these events, committed on their own. */
  const cost = async (...events: MeetingEvent[]) => {
    const before = { ...models.writeCounts };
    await append(...events);
    return { documentRows: models.writeCounts.documentRows - before.documentRows, partRows: models.writeCounts.partRows - before.partRows, partChars: models.writeCounts.partChars - before.partChars };
  };
  const meeting = () => models.get<AggregateDoc<MeetingState>>('meetings', 'k1.wz')!.state;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-ballot-cost-'));
    store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    models = new ReadModelStore(join(dir, 'read-models.sqlite'));
    runner = new ProjectionRunner(store, models, [meetingsReadModel]);
    runner.start();
    await append(...opening);
  });
  afterEach(async () => {
    await runner.stop();
    await store.close();
    models.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the last ballot of a large vote costs what the second did: one document row, its ballot and its vote', async () => {
    await append(ballot(memberIds[0]));
    const early = await cost(ballot(memberIds[1]));
    // Every ballot but the last, in batches as a busy meeting would commit them.
    for (let i = 2; i < MEMBERS - 1; i += 50) await append(...memberIds.slice(i, Math.min(i + 50, MEMBERS - 1)).map((m) => ballot(m)));
    const late = await cost(ballot(memberIds[MEMBERS - 1], 'no'));
    expect(early).toMatchObject({ documentRows: 1, partRows: 2 });
    expect(late).toMatchObject({ documentRows: 1, partRows: 2 });
    // The vote's header carries its running count: a few digits longer, never the ballots.
    expect(late.partChars - early.partChars).toBeLessThan(20);
    expect(meeting().votes.v1.count).toEqual({ ballotsCast: MEMBERS, tally: { yes: MEMBERS - 1, no: 1, abstain: 0 } });
  });

  it('a correction rewrites only its ballot and vote; a batch of ballots writes each ballot once and its vote once', async () => {
    await append(...memberIds.slice(0, 100).map((m) => ballot(m)));
    expect(await cost(ballot(memberIds[5], 'no', 'BallotCorrected'))).toMatchObject({ documentRows: 1, partRows: 2 });
    expect(await cost(...memberIds.slice(100, 150).map((m) => ballot(m)))).toMatchObject({ documentRows: 1, partRows: 51 });
    expect(meeting().votes.v1.ballots.get(memberIds[5])).toMatchObject({ choice: 'no', corrections: 1 });
  });

  it('what it wrote reads back whole from another connection, as the fold has it (the ballots a map again)', async () => {
    await append(...memberIds.slice(0, 30).map((m) => ballot(m)), ballot(memberIds[3], 'no', 'BallotCorrected'));
    await append({ type: 'AttendanceRecorded', data: { memberId: memberIds[7], personId: 'p8', presence: 'left', at: AT } });
    const other = new ReadModelStore(join(dir, 'read-models.sqlite'));
    try {
      const read = other.get<AggregateDoc<MeetingState>>('meetings', 'k1.wz')!.state;
      const folded = meeting();
      expect(JSON.parse(JSON.stringify(read))).toEqual(JSON.parse(JSON.stringify(folded)));
      expect([...read.votes.v1.ballots.keys()]).toEqual(memberIds.slice(0, 30));
      expect(read.votes.v1.ballots.get(memberIds[3])).toMatchObject({ choice: 'no', corrections: 1 });
      expect(read.votes.v1.count).toEqual({ ballotsCast: 30, tally: { yes: 29, no: 1, abstain: 0 } });
      expect(read.attendance[memberIds[7]]).toMatchObject({ presence: 'left' });
    } finally {
      other.close();
    }
  });
});

describe('the elections read model: a ballot writes its own row, whatever the number of ballots in its round', () => {
  const ELECTION = 'election-k1.wybory';
  const voters = memberIds.slice(0, 200);
  const electionBallot = (round: number, memberId: string, candidateMemberId: string | null = 'm0001'): ElectionEvent =>
    ({ type: 'ElectionBallotCast', data: { round, memberId, castBy: memberId.replace('m', 'p'), candidateMemberId, weight: 1 } }) as ElectionEvent;
  const called: ElectionEvent[] = [
    {
      type: 'ElectionCalled',
      data: { electionId: 'k1.wybory', clusterId: 'k1', meetingId: 'k1.wz', reason: 'Kadencja', charterVersion: 1, rule: defaultCharter.decisionRules.leader_election, weightedVoting: false, calledBy: 'p1', calledAt: AT },
    },
    { type: 'RoundOpened', data: { round: 1, kind: 'normal', candidates: ['m0001', 'm0002'], openedAt: AT } },
  ];
  let dir: string;
  let store: SqliteEventStore;
  let models: ReadModelStore;
  let runner: ProjectionRunner;
  const append = async (...events: ElectionEvent[]) => {
    const r = await store.append(ELECTION, events.map((e) => newEvent(e.type, e.data as never)), { expectedRevision: 'any' });
    expect(await runner.waitFor(r.position, 10_000)).toBe(true);
  };
  const cost = async (...events: ElectionEvent[]) => {
    const before = { ...models.writeCounts };
    await append(...events);
    return { documentRows: models.writeCounts.documentRows - before.documentRows, partRows: models.writeCounts.partRows - before.partRows, partChars: models.writeCounts.partChars - before.partChars };
  };
  const election = (from = models) => from.get<AggregateDoc<ElectionState>>('elections', 'k1.wybory')!.state;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-election-cost-'));
    store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    models = new ReadModelStore(join(dir, 'read-models.sqlite'));
    runner = new ProjectionRunner(store, models, [electionsReadModel]);
    runner.start();
    await append(...called);
  });
  afterEach(async () => {
    await runner.stop();
    await store.close();
    models.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the last ballot of a large round costs what the second did: one document row and its ballot', async () => {
    await append(electionBallot(1, voters[0]));
    const early = await cost(electionBallot(1, voters[1]));
    for (let i = 2; i < voters.length - 1; i += 50) await append(...voters.slice(i, Math.min(i + 50, voters.length - 1)).map((m) => electionBallot(1, m)));
    const late = await cost(electionBallot(1, voters[voters.length - 1], null));
    expect(early).toMatchObject({ documentRows: 1, partRows: 1 });
    expect(late).toMatchObject({ documentRows: 1, partRows: 1 });
    expect(late.partChars - early.partChars).toBeLessThan(20);
    expect(election().rounds[1].ballots.size).toBe(voters.length);
  });

  it('reads back from another connection with every ballot of every round once, as the fold has it', async () => {
    await append(...voters.map((m, i) => electionBallot(1, m, i % 2 ? 'm0002' : 'm0001')));
    await append(
      {
        type: 'RoundClosed',
        data: { round: 1, kind: 'normal', counts: [{ memberId: 'm0001', votes: 100 }, { memberId: 'm0002', votes: 100 }], abstain: 0, cast: 200, ballots: 200, quorum: { entitled: 200, present: 200, reached: true }, outcome: 'runoff', entitledVoters: [], closedAt: AT },
      } as ElectionEvent,
      { type: 'RunoffOpened', data: { round: 2, candidates: ['m0001', 'm0002'], openedAt: AT } },
    );
    await append(...voters.slice(0, 120).map((m) => electionBallot(2, m, 'm0002')));
    const other = new ReadModelStore(join(dir, 'read-models.sqlite'));
    try {
      const read = election(other);
      expect(JSON.parse(JSON.stringify(read))).toEqual(JSON.parse(JSON.stringify(election())));
      expect([...read.rounds[1].ballots.keys()]).toEqual(voters);
      expect([...read.rounds[2].ballots.keys()]).toEqual(voters.slice(0, 120));
      expect(read.rounds[1]).toMatchObject({ status: 'closed', result: { outcome: 'runoff' } });
      expect(read.rounds[2]).toMatchObject({ kind: 'runoff', status: 'open' });
    } finally {
      other.close();
    }
  });
});
