import { EsdbEventStore } from '@klaster/event-store/esdb/esdb-event-store';
import { ruleBroken, type Decider } from '@klaster/domain';
import { FakeEsdbClient } from '../../../../libs/event-store/test/esdb/fake-esdb-client';
import { StreamWriter } from './stream-writer';

/** A vote's ballots: each voter once. */
type Cast = { type: 'CastBallot'; voter: string };
type Event = { type: 'BallotCast'; data: { voter: string; counted: number } };
const vote: Decider<string[], Cast, Event> = {
  initialState: () => [],
  decide: (command, voters) => {
    if (voters.includes(command.voter)) throw ruleBroken(`${command.voter} has already voted`, 'already_voted');
    return [{ type: 'BallotCast', data: { voter: command.voter, counted: voters.length } }];
  },
  evolve: (voters, event) => [...voters, event.data.voter],
};
const aggregate = { decider: vote, parseEvent: (type: string, data: unknown) => ({ type, data }) as Event };

/**
 * The case: on EventStoreDB every append is pinned to the exact revision (for the hash chain),
 * and two server instances share the log. Each instance has its own writer (one per process) and its
 * own adapter over one server, answering 1 ms later; 50 ballots arrive at once, spread over both.
 * Before the writer queued and coalesced them, 40 of 50 failed.
 */
describe('StreamWriter on the EventStoreDB adapter, two instances, 1 ms latency', () => {
  it('counts all 50 simultaneous ballots: coalesced in each instance, the conflicts between instances retried', async () => {
    const server = new FakeEsdbClient();
    server.latencyMs = 1;
    const instances = [0, 1].map(() => new StreamWriter(EsdbEventStore.withClient(server.asClient(), { leaderRetryPauseMs: 1 })));
    const voters = Array.from({ length: 50 }, (_, i) => `voter-${i}`);

    const outcomes = await Promise.allSettled(
      voters.map((voter, i) => instances[i % 2].submit(aggregate, 'vote-1', { type: 'CastBallot', voter }, { actor: voter, correlationId: `c-${i}` })),
    );

    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    const stored = server.streams.get('vote-1')!;
    expect(stored.map((e) => (e.data as Event['data']).voter).sort()).toEqual([...voters].sort());
    // Each ballot was decided on the state the previous ones left: the counts run 0..49 without a gap.
    expect(stored.map((e) => (e.data as Event['data']).counted)).toEqual(voters.map((_, i) => i));
    // The instances did collide (both began on an empty stream) and the loser decided again…
    expect(server.conflicts).toBeGreaterThanOrEqual(1);
    // …and the ballots that arrived together went in a few appends, not one each.
    const landed = server.appendCalls.length - server.conflicts;
    expect(landed).toBeLessThan(10);
  });

  it('a repeated ballot is refused alone, the others of its batch are counted', async () => {
    const server = new FakeEsdbClient();
    server.latencyMs = 1;
    const [a, b] = [0, 1].map(() => new StreamWriter(EsdbEventStore.withClient(server.asClient())));
    const results = await Promise.allSettled([
      a.submit(aggregate, 'vote-2', { type: 'CastBallot', voter: 'anna' }, { actor: 'anna', correlationId: 'c1' }),
      b.submit(aggregate, 'vote-2', { type: 'CastBallot', voter: 'anna' }, { actor: 'anna', correlationId: 'c2' }),
      b.submit(aggregate, 'vote-2', { type: 'CastBallot', voter: 'jan' }, { actor: 'jan', correlationId: 'c3' }),
    ]);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['already_voted']);
    expect(server.streams.get('vote-2')!.map((e) => (e.data as Event['data']).voter).sort()).toEqual(['anna', 'jan']);
  });
});
