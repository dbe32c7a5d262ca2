import { clusterDecider, mayRead, readersOf, type ClusterEvent, type ClusterState } from '../src';
import { founded } from './cluster.fixtures';

/**
 * The read models index each cluster by `readersOf` (a sign-in looks a person's clusters up by it),
 * so it must name exactly the people `mayRead` lets in, whatever happened to the cluster.
 */
const fold = (events: ClusterEvent[], state = clusterDecider.initialState()): ClusterState => events.reduce(clusterDecider.evolve, state);
const at = '2016-01-01T10:00:00.000Z';

describe('readersOf: exactly the people mayRead lets in', () => {
  const everyone = ['p1', 'p2', 'p3', 'p4', 'n2', 'audytor', 'rejestrator', 'nikt'];
  const agree = (state: ClusterState) => {
    const readers = readersOf(state);
    expect(readers).toEqual([...new Set(readers)].sort());
    expect(everyone.filter((p) => mayRead(state, p))).toEqual(everyone.filter((p) => readers.includes(p)));
    return readers;
  };

  it('a cluster not founded has none; a founded one its members’ representatives', () => {
    expect(agree(clusterDecider.initialState())).toEqual([]);
    expect(agree(fold(founded()))).toEqual(['p1', 'p2', 'p3']);
  });

  it('follows withdrawals, new representatives, auditors and registrars; one person representing two members is named once', () => {
    let state = fold(founded());
    state = fold([{ type: 'RepresentativeChanged', data: { memberId: 'm2', previous: { personId: 'p2', role: 'Prezes' }, representative: { personId: 'n2', role: 'Prezes' }, effectiveAt: at } }], state);
    expect(agree(state)).toEqual(['n2', 'p1', 'p3']);
    state = fold([{ type: 'RepresentativeChanged', data: { memberId: 'm3', previous: { personId: 'p3', role: 'Prezes' }, representative: { personId: 'n2', role: 'Prezes' }, effectiveAt: at } }], state);
    expect(agree(state)).toEqual(['n2', 'p1']);
    state = fold([{ type: 'MemberWithdrew', data: { memberId: 'm2', withdrawnOn: '2016-02-01', writtenNoticeRef: 'pismo' } }], state);
    expect(agree(state)).toEqual(['n2', 'p1']);
    state = fold([{ type: 'MemberWithdrew', data: { memberId: 'm3', withdrawnOn: '2016-02-01', writtenNoticeRef: 'pismo' } }], state);
    expect(agree(state)).toEqual(['p1']);
    state = fold(
      [
        { type: 'AuditorAppointed', data: { personId: 'audytor', appointedAt: at } },
        { type: 'RegistrarAppointed', data: { personId: 'rejestrator', appointedAt: at } },
        { type: 'RegistrarAppointed', data: { personId: 'p1', appointedAt: at } },
      ],
      state,
    );
    expect(agree(state)).toEqual(['audytor', 'p1', 'rejestrator']);
    state = fold([{ type: 'AuditorRevoked', data: { personId: 'audytor', revokedAt: at } }], state);
    expect(agree(state)).toEqual(['p1', 'rejestrator']);
  });
});
