import { List } from 'immutable';
import { clusterDecider } from '../src/cluster/cluster.decider';
import { fold } from '../src/shared/decider';
import { reviveClusterState, type ClusterState } from '../src/cluster/cluster.state';
import type { ClusterEvent } from '../src/cluster/cluster.events';
import type { RepresentativeHistory } from '../src/cluster/representative-history';
import { founded } from './cluster.fixtures';
import { watched } from './enumeration-count';

/**
 * A representative change must cost the same whatever the member's history (a ten-year-old cluster,
 * an `asOf` read folding on from a snapshot): these fail if folding a change copies or walks the
 * member's history — counted through a proxy, no timing — and if an entry is lost, reordered or
 * changed on its way through versions or the JSON the read models keep.
 */

const CHANGES = 5_000;
const at = (i: number) => new Date(Date.parse('2015-01-01T08:00:00.000Z') + i * 3_600_000).toISOString();
const change = (i: number, memberId = 'm2'): ClusterEvent => ({
  type: 'RepresentativeChanged',
  data: { memberId, previous: { personId: `${memberId}-p${i}`, role: 'Prezes' }, representative: { personId: `${memberId}-p${i + 1}`, role: 'Prezes' }, effectiveAt: at(i) },
});
const longHistory = (): ClusterState => fold(clusterDecider, [...founded(), ...Array.from({ length: CHANGES }, (_, i) => change(i))]);

describe("a representative change costs the same whatever the member's history", () => {
  const before = longHistory();

  it('is folded without walking or copying the history; the state before it stays as it was', () => {
    const w = watched(before.members.m2.representativeHistory);
    const state = { ...before, members: { ...before.members, m2: { ...before.members.m2, representativeHistory: w.watched } } };
    const after = clusterDecider.evolve(state, change(CHANGES));
    expect(w.enumerations()).toBe(0);
    expect(after.members.m2.representativeHistory.size).toBe(CHANGES + 2);
    expect(after.members.m2.representativeHistory.last()).toEqual({ personId: `m2-p${CHANGES + 1}`, role: 'Prezes', from: at(CHANGES) });
    expect(after.members.m2.representative).toEqual({ personId: `m2-p${CHANGES + 1}`, role: 'Prezes' });
    // The version it came from is untouched, and other members are the very same objects.
    expect(before.members.m2.representativeHistory.size).toBe(CHANGES + 1);
    expect(after.members.m1).toBe(before.members.m1);
  });

  it('two versions extended from one state each keep their own entries (no fork shares a change)', () => {
    const a = clusterDecider.evolve(before, change(CHANGES));
    const b = clusterDecider.evolve(before, change(CHANGES + 7));
    expect(a.members.m2.representativeHistory.last()!.personId).toBe(`m2-p${CHANGES + 1}`);
    expect(b.members.m2.representativeHistory.last()!.personId).toBe(`m2-p${CHANGES + 8}`);
    expect(a.members.m2.representativeHistory.size).toBe(b.members.m2.representativeHistory.size);
  });

  it('keeps every entry in order: admission first, then each change at its instant', () => {
    const history = before.members.m2.representativeHistory.toArray();
    expect(history[0]).toEqual({ personId: 'p2', role: 'Prezes', from: '2014-11-21' });
    expect(history.slice(1).map((e) => e.personId)).toEqual(Array.from({ length: CHANGES }, (_, i) => `m2-p${i + 1}`));
    expect(history.slice(1).map((e) => e.from)).toEqual(Array.from({ length: CHANGES }, (_, i) => at(i)));
  });

  it('serialises as the arrays it always was, and is revived from them or from an object by position', () => {
    const json = JSON.parse(JSON.stringify(before)) as ClusterState;
    expect(Array.isArray(json.members.m2.representativeHistory)).toBe(true);
    const revived = reviveClusterState(json);
    expect(List.isList(revived.members.m2.representativeHistory)).toBe(true);
    expect(revived.members.m2.representativeHistory.toArray()).toEqual(before.members.m2.representativeHistory.toArray());
    // As a read model stores it split per entry and puts it back together (keys by position).
    const split = JSON.parse(JSON.stringify(before)) as ClusterState;
    const entries = before.members.m2.representativeHistory.toArray();
    (split.members.m2 as { representativeHistory: unknown }).representativeHistory = Object.fromEntries([...entries.keys()].reverse().map((i) => [String(i), entries[i]]));
    expect(reviveClusterState(split).members.m2.representativeHistory.toArray()).toEqual(entries);
    // A revived state folds on as the original does.
    expect(JSON.stringify(clusterDecider.evolve(revived, change(CHANGES)))).toBe(JSON.stringify(clusterDecider.evolve(before, change(CHANGES))));
  });

  it('a decision on a long history answers as on a short one (the change is judged on the current representative)', () => {
    const events = clusterDecider.decide(
      { type: 'ChangeRepresentative', clusterId: 'wmkes', actor: `m2-p${CHANGES}`, at: at(CHANGES + 1), memberId: 'm2', representative: { personId: 'nowa', role: 'Prezes' } } as never,
      before,
    );
    expect(events.map((e) => e.type)).toEqual(['RepresentativeChanged']);
  });
});
