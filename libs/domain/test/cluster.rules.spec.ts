import { applyChange } from '../src/cluster/amendments.decide';
import { clusterDecider, clusterStreamId } from '../src/cluster/cluster.decider';
import { fold } from '../src/shared/decider';
import { Rejection } from '../src/shared/rejection';
import { isCoordinator, mayRead, membersRepresentedBy } from '../src/cluster/cluster.state';
import { meetingClusterFacts } from '../src/meeting/cluster-facts';
import type { ClusterEvent } from '../src/cluster/cluster.events';
import type { ResolutionFacts } from '../src/meeting/resolution-facts';
import { specFor } from './given-when-then';
import { AT, HASH, foundCommand, founded, honoraryAdmitted } from './cluster.fixtures';

/** The cluster's rules one by one: each act, who may do it, what it refuses. m1..m3 (p1..p3), p1's m1 coordinates. */
const given = specFor(clusterDecider);
const at = '2015-03-01T09:00:00.000Z';
const ctx = (actor: string) => ({ clusterId: 'wmkes', actor, at });
const withdrew = (memberId: string): ClusterEvent => ({ type: 'MemberWithdrew', data: { memberId, withdrawnOn: '2015-02-01', writtenNoticeRef: 'L/1' } });
const signed = (m: number, signedAt = AT): ClusterEvent => ({
  type: 'AgreementSigned',
  data: { version: 1, textHash: HASH, memberId: `m${m}`, personId: `p${m}`, role: 'Prezes', organisation: `Spółdzielnia ${m}`, signedAt },
});

describe('cluster rules', () => {
  it('names its stream cluster-<id>', () => {
    expect(clusterStreamId('wm-kes')).toBe('cluster-wm-kes');
  });

  describe('founding', () => {
    it('refuses founding members named twice, a coordinator who is not a founder or is honorary', () => {
      const c = foundCommand() as Extract<ReturnType<typeof foundCommand>, { type: 'FoundCluster' }>;
      given([]).when({ ...c, foundingMembers: [...c.foundingMembers, c.foundingMembers[1]] }).rejects('rule_broken', /^Founding member ids must be unique$/);
      given([]).when({ ...c, coordinatorMemberId: 'm9' }).rejects('rule_broken', /^The coordinator must be one of the founding members$/);
      const honoraryCoordinator = c.foundingMembers.map((m) => (m.memberId === 'm1' ? { ...m, kind: 'honorary' as const } : m));
      given([]).when({ ...c, foundingMembers: honoraryCoordinator }).rejects('rule_broken', /^The coordinator must be an ordinary \(voting\) member$/);
    });

    it('answers not found for any act on a cluster never founded', () => {
      given([]).when({ ...ctx('p1'), type: 'AppointAuditor', personId: 'a' }).rejects('not_found', /^Cluster 'wmkes' does not exist$/);
    });
  });

  describe('membership', () => {
    it('changes a representative at the coordinator’s hand too, with the previous one recorded; not to the same person and role', () => {
      given(founded())
        .when({ ...ctx('p1'), type: 'ChangeRepresentative', memberId: 'm2', representative: { personId: 'p2b', role: 'Wiceprezes' } })
        .then([{ type: 'RepresentativeChanged', data: { memberId: 'm2', previous: { personId: 'p2', role: 'Prezes' }, representative: { personId: 'p2b', role: 'Wiceprezes' }, effectiveAt: at } }]);
      given(founded())
        .when({ ...ctx('p2'), type: 'ChangeRepresentative', memberId: 'm2', representative: { personId: 'p2', role: 'Prezes' } })
        .rejects('rule_broken', /^That is already the representative$/);
      // The same person in another role is a change.
      given(founded())
        .when({ ...ctx('p2'), type: 'ChangeRepresentative', memberId: 'm2', representative: { personId: 'p2', role: 'Dyrektor' } })
        .thenContains([{ type: 'RepresentativeChanged' }]);
    });

    it('changes the representative to another person in the same role', () => {
      given(founded())
        .when({ ...ctx('p2'), type: 'ChangeRepresentative', memberId: 'm2', representative: { personId: 'p2b', role: 'Prezes' } })
        .then([{ type: 'RepresentativeChanged', data: { memberId: 'm2', previous: { personId: 'p2', role: 'Prezes' }, representative: { personId: 'p2b', role: 'Prezes' }, effectiveAt: at } }]);
    });

    it('admits members at the coordinator’s hand only, naming the act refused', () => {
      const { founding: _f, ...admission } = honoraryAdmitted.data;
      given(founded()).when({ ...ctx('p2'), type: 'AdmitMember', ...admission }).rejects('forbidden', /^Only the coordinator's representative may admit members$/);
    });

    it('lets the coordinator record a withdrawal; refuses an unknown member', () => {
      given(founded())
        .when({ ...ctx('p1'), type: 'WithdrawMember', memberId: 'm3', withdrawnOn: '2015-02-01', writtenNoticeRef: 'L/1' })
        .then([withdrew('m3')]);
      given(founded())
        .when({ ...ctx('p1'), type: 'WithdrawMember', memberId: 'm8', withdrawnOn: '2015-02-01', writtenNoticeRef: 'L/1' })
        .rejects('not_found', /^Member 'm8' does not exist$/);
    });

    it('reads who a person represents (active members only), who coordinates, who may read', () => {
      const state = fold(clusterDecider, [...founded(), withdrew('m3'), { type: 'AuditorAppointed', data: { personId: 'aud', appointedAt: AT } }]);
      expect(membersRepresentedBy(state, 'p2').map((m) => m.memberId)).toEqual(['m2']);
      expect(membersRepresentedBy(state, 'p3')).toEqual([]);
      expect(isCoordinator(state, 'p1')).toBe(true);
      expect(isCoordinator(state, 'p2')).toBe(false);
      expect(isCoordinator(fold(clusterDecider, [...founded(), withdrew('m1')]), 'p1')).toBe(false);
      expect(['p1', 'p2', 'p3', 'aud', 'nobody'].map((p) => mayRead(state, p))).toEqual([true, true, false, true, false]);
      expect(mayRead(fold(clusterDecider, []), 'p1')).toBe(false);
    });

    it('gives a meeting the coordinator’s person only while the coordinator is active', () => {
      expect(meetingClusterFacts(fold(clusterDecider, founded())).coordinatorPersonId).toBe('p1');
      expect(meetingClusterFacts(fold(clusterDecider, [...founded(), withdrew('m1')])).coordinatorPersonId).toBeNull();
    });
  });

  describe('coordination and auditors', () => {
    it('refuses to hand coordination to the member that already coordinates', () => {
      given(founded()).when({ ...ctx('p1'), type: 'AppointCoordinator', memberId: 'm1' }).rejects('rule_broken', /^m1 already coordinates the cluster$/);
    });

    it('once the coordinator withdrew, lets only a representative of a voting member appoint', () => {
      given([...founded(), honoraryAdmitted, withdrew('m1')]).when({ ...ctx('p9'), type: 'AppointCoordinator', memberId: 'm2' }).rejects('forbidden', /^The coordinator's office is vacant: under the charter any voting member's representative acts for it$/);
      given([...founded(), honoraryAdmitted, withdrew('m1')]).when({ ...ctx('p3'), type: 'AppointCoordinator', memberId: 'm2' }).thenContains([{ type: 'CoordinatorAppointed' }]);
    });

    it('gives the vacant-office refusal its stable code', () => {
      const state = fold(clusterDecider, [...founded(), honoraryAdmitted, withdrew('m1')]);
      const refusal = (() => {
        try {
          clusterDecider.decide({ ...ctx('p9'), type: 'AppointCoordinator', memberId: 'm2' }, state);
        } catch (e) {
          return e;
        }
      })();
      expect(refusal).toBeInstanceOf(Rejection);
      expect({ kind: (refusal as Rejection).kind, code: (refusal as Rejection).code }).toEqual({ kind: 'forbidden', code: 'not_acting_for_vacant_office' });
    });

    it('appoints an auditor once, and revokes only an auditor, with the reason given', () => {
      const appointed: ClusterEvent = { type: 'AuditorAppointed', data: { personId: 'aud', appointedAt: AT } };
      given([...founded(), appointed]).when({ ...ctx('p1'), type: 'AppointAuditor', personId: 'aud' }).rejects('conflict', /^aud is already an auditor$/);
      given(founded()).when({ ...ctx('p1'), type: 'RevokeAuditor', personId: 'aud' }).rejects('not_found', /^aud is not an auditor of this cluster$/);
      given([...founded(), appointed])
        .when({ ...ctx('p1'), type: 'RevokeAuditor', personId: 'aud', reason: 'Koniec kadencji' })
        .then([{ type: 'AuditorRevoked', data: { personId: 'aud', revokedAt: at, reason: 'Koniec kadencji' } }]);
      given([...founded(), appointed]).when({ ...ctx('p2'), type: 'RevokeAuditor', personId: 'aud' }).rejects('forbidden', /^Only the coordinator's representative may revoke auditors$/);
    });
  });

  describe('signing keys and signatures', () => {
    const key = 'BC8z8pyxKx8LZc+v84IiJSXb7EUwjCCjLtw59AX6gdg=';
    it('registers a key for a member’s representative only, each key id once', () => {
      given(founded()).when({ ...ctx('outsider'), type: 'RegisterSigningKey', keyId: 'k1', publicKey: key }).rejects('forbidden', /^Only a member's current representative may register a signing key in this cluster$/);
      const registered: ClusterEvent = { type: 'SigningKeyRegistered', data: { personId: 'p2', keyId: 'k1', publicKey: key } };
      given([...founded(), registered]).when({ ...ctx('p2'), type: 'RegisterSigningKey', keyId: 'k1', publicKey: key }).rejects('conflict', /^Key 'k1' is already registered for p2$/);
      // Another person may use the same key id.
      given([...founded(), registered]).when({ ...ctx('p3'), type: 'RegisterSigningKey', keyId: 'k1', publicKey: key }).thenContains([{ type: 'SigningKeyRegistered' }]);
    });

    it('names both hashes when the text signed is not the current one', () => {
      given(founded())
        .when({ ...ctx('p2'), type: 'SignAgreement', memberId: 'm2', textHash: 'a'.repeat(64) })
        .rejects('rule_broken', new RegExp(`^The text signed \\(hash ${'a'.repeat(12)}…\\) is not the current agreement, version 1 \\(hash ${HASH.slice(0, 12)}…\\)$`));
    });

    it('signs with the registered role unless another is given; a member signs each version once', () => {
      given(founded()).when({ ...ctx('p2'), type: 'SignAgreement', memberId: 'm2', textHash: HASH }).then([signed(2, at)]);
      given(founded())
        .when({ ...ctx('p2'), type: 'SignAgreement', memberId: 'm2', textHash: HASH, role: 'Wiceprezes' })
        .thenContains([{ type: 'AgreementSigned', data: expect.objectContaining({ role: 'Wiceprezes' }) }]);
      // Another member's signature of the same version does not count as this member's.
      given([...founded(), signed(3)]).when({ ...ctx('p2'), type: 'SignAgreement', memberId: 'm2', textHash: HASH }).then([signed(2, at)]);
    });

    it('refuses a PEM public key of another curve (Ed448, X25519)', () => {
      const ed448 = '-----BEGIN PUBLIC KEY-----\nMEMwBQYDK2VxAzoAEHmcXFJ4z89DWY0L6JuCu0/tiQZ8NrRPIa/98exIDkHppn0K\nnnIPuItH4jXvxwdXZqAe2h4t7EwA\n-----END PUBLIC KEY-----\n';
      const x25519 = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VuAyEAs7RrUXOhh4iAuztQ4j/tQSe5y9hiKIPAn6r8pxrW6n8=\n-----END PUBLIC KEY-----\n';
      for (const publicKey of [ed448, x25519]) {
        given(founded())
          .when({ ...ctx('p2'), type: 'RegisterSigningKey', keyId: 'k1', publicKey })
          .rejects('rule_broken', /^publicKey is not an Ed25519 public key \(PEM or base64 of 32 bytes\)$/);
      }
    });

    it('lets a member that signed version 1 sign version 2 once an amendment adopted it', () => {
      const proposed: ClusterEvent = {
        type: 'AmendmentProposed',
        data: { amendmentId: 'am1', baseVersion: 1, change: { kind: 'remove', section: '§ 2' }, rationale: 'r', proposedBy: { memberId: 'm2', personId: 'p2' }, proposedAt: at },
      };
      const resolution: ResolutionFacts = {
        meetingId: 'ozc', voteId: 'v1', meetingKind: 'general', decisionKind: 'amendment', subject: { kind: 'amendment', amendmentId: 'am1' }, outcome: 'adopted',
        resolution: { number: '2/2015', body: 'general_meeting', sequence: 2, year: 2015 }, charterVersion: 1,
      };
      const history = [...founded(), signed(2), proposed];
      const adopted = given(history)
        .when({ ...ctx('p1'), type: 'AdoptAmendment', amendmentId: 'am1', meetingId: 'ozc', voteId: 'v1', effectiveOn: '2015-04-01', resolution })
        .events();
      const version2 = adopted.find((e) => e.type === 'AgreementVersionAdopted') as Extract<ClusterEvent, { type: 'AgreementVersionAdopted' }>;
      expect(version2.data.version).toBe(2);
      given([...history, ...adopted])
        .when({ ...ctx('p2'), type: 'SignAgreement', memberId: 'm2', textHash: version2.data.textHash })
        .thenContains([{ type: 'AgreementSigned', data: expect.objectContaining({ memberId: 'm2', version: 2, textHash: version2.data.textHash }) }]);
    });

    describe('entry into force when every founder signed', () => {
      const waiting = () => founded({ charter: { entryIntoForce: 'all_founders_signed' } });

      it('comes with the last founder still active, not before; a founder who withdrew is not waited for', () => {
        expect(given([...waiting(), signed(1)]).when({ ...ctx('p2'), type: 'SignAgreement', memberId: 'm2', textHash: HASH }).events().map((e) => e.type)).toEqual(['AgreementSigned']);
        expect(given([...waiting(), signed(1), withdrew('m3')]).when({ ...ctx('p2'), type: 'SignAgreement', memberId: 'm2', textHash: HASH }).events().map((e) => e.type)).toEqual([
          'AgreementSigned',
          'AgreementEnteredIntoForce',
        ]);
      });

      it('does not wait for a member admitted later, and does not come twice', () => {
        const later: ClusterEvent = { type: 'MemberAdmitted', data: { ...honoraryAdmitted.data, memberId: 'm4', kind: 'ordinary', founding: false, representative: { personId: 'p4', role: 'Prezes' } } };
        expect(given([...waiting(), later, signed(1), signed(2)]).when({ ...ctx('p3'), type: 'SignAgreement', memberId: 'm3', textHash: HASH }).events().map((e) => e.type)).toContain('AgreementEnteredIntoForce');
        const inForce: ClusterEvent = { type: 'AgreementEnteredIntoForce', data: { version: 1, effectiveOn: '2014-11-22' } };
        expect(given([...waiting(), signed(1), signed(2), inForce]).when({ ...ctx('p3'), type: 'SignAgreement', memberId: 'm3', textHash: HASH }).events().map((e) => e.type)).toEqual(['AgreementSigned']);
      });

      it('records the version in force from that day', () => {
        const events = given([...waiting(), signed(1), signed(2)]).when({ ...ctx('p3'), type: 'SignAgreement', memberId: 'm3', textHash: HASH }).events();
        expect(fold(clusterDecider, [...waiting(), signed(1), signed(2), ...events]).agreements[0].inForceSince).toBe('2015-03-01');
      });
    });
  });

  describe('installing an elected leader', () => {
    const install = (election: { electionId: string; clusterId: string; electedMemberId: string | null } | undefined, memberId = 'm2') => ({
      ...ctx('p1'),
      type: 'InstallElectedLeader' as const,
      electionId: 'e1',
      memberId,
      ...(election ? { election } : {}),
    });
    const won = { electionId: 'e1', clusterId: 'wmkes', electedMemberId: 'm2' };

    it('makes the elected member the coordinator, naming the election', () => {
      given(founded()).when(install(won)).then([{ type: 'CoordinatorAppointed', data: { memberId: 'm2', appointedAt: at, electionId: 'e1' } }]);
    });

    it('refuses an election it cannot see, of another cluster or id, or one that elected someone else', () => {
      given(founded()).when(install(undefined)).rejects('not_found', /^Election 'e1' does not exist in this cluster$/);
      given(founded()).when(install({ ...won, electionId: 'e2' })).rejects('not_found', /^Election 'e1' does not exist in this cluster$/);
      given(founded()).when(install({ ...won, clusterId: 'other' })).rejects('not_found', /^Election 'e1' does not exist in this cluster$/);
      given(founded()).when(install(won, 'm3')).rejects('rule_broken', /^Election 'e1' did not elect m3$/);
    });

    it('does nothing when the elected member already coordinates, and refuses an honorary or withdrawn one', () => {
      given(founded()).when(install({ ...won, electedMemberId: 'm1' }, 'm1')).then([]);
      given([...founded(), honoraryAdmitted]).when(install({ ...won, electedMemberId: 'm9' }, 'm9')).rejects('rule_broken', /^An honorary member cannot lead the cluster$/);
      given([...founded(), withdrew('m2')]).when(install(won)).rejects('forbidden', /^Spółdzielnia 2 has withdrawn and can no longer act$/);
    });
  });

  describe('amendments', () => {
    const propose = (actor: string, memberId: string, change: object, amendmentId = 'am1') =>
      ({ ...ctx(actor), type: 'ProposeAmendment' as const, amendmentId, memberId, change, rationale: 'r' }) as Extract<Parameters<typeof clusterDecider.decide>[0], { type: 'ProposeAmendment' }>;
    const proposedBy = (memberId: string, personId: string): ClusterEvent => ({
      type: 'AmendmentProposed',
      data: { amendmentId: 'am1', baseVersion: 1, change: { kind: 'remove', section: '§ 2' }, rationale: 'r', proposedBy: { memberId, personId }, proposedAt: at },
    });

    it('is proposed by the representative of an active ordinary member, each id once', () => {
      given([...founded(), honoraryAdmitted]).when(propose('p9', 'm9', { kind: 'remove', section: '§ 2' })).rejects('rule_broken', /^Honorary members do not propose amendments$/);
      given([...founded(), withdrew('m2')]).when(propose('p2', 'm2', { kind: 'remove', section: '§ 2' })).rejects('forbidden', /^Only the current representative of an active member may propose an amendment on its behalf$/);
      given(founded()).when(propose('p2', 'm8', { kind: 'remove', section: '§ 2' })).rejects('forbidden', /^Only the current representative/);
      given([...founded(), proposedBy('m2', 'p2')]).when(propose('p3', 'm3', { kind: 'remove', section: '§ 1' })).rejects('conflict', /^Amendment 'am1' already exists$/);
    });

    it('changes a section: replaces its text (and title), adds a new one at the end, removes one but never the last', () => {
      const sections = [
        { number: '§ 1', title: 'Cele', text: 'a' },
        { number: '§ 2', title: 'Obszary', text: 'b' },
      ];
      expect(applyChange(sections, { kind: 'replace', section: '§ 2', text: 'c' })).toEqual([sections[0], { number: '§ 2', title: 'Obszary', text: 'c' }]);
      expect(applyChange(sections, { kind: 'replace', section: '§ 1', title: 'Cel', text: 'd' })).toEqual([{ number: '§ 1', title: 'Cel', text: 'd' }, sections[1]]);
      expect(applyChange(sections, { kind: 'add', section: '§ 3', title: 'Nowy', text: 'e' })).toEqual([...sections, { number: '§ 3', title: 'Nowy', text: 'e' }]);
      expect(applyChange(sections, { kind: 'remove', section: '§ 1' })).toEqual([sections[1]]);
      expect(() => applyChange(sections, { kind: 'add', section: '§ 2', title: '', text: 'x' })).toThrow(/^The agreement already has § 2$/);
      expect(() => applyChange(sections, { kind: 'remove', section: '§ 9' })).toThrow(/^The agreement has no § 9$/);
      expect(() => applyChange([sections[0]], { kind: 'remove', section: '§ 1' })).toThrow(/^The agreement cannot lose its last section$/);
    });

    it('is withdrawn by the proposing member’s current representative too', () => {
      const changed: ClusterEvent = { type: 'RepresentativeChanged', data: { memberId: 'm2', previous: { personId: 'p2', role: 'Prezes' }, representative: { personId: 'p2b', role: 'Prezes' }, effectiveAt: at } };
      given([...founded(), proposedBy('m2', 'p2'), changed]).when({ ...ctx('p2b'), type: 'WithdrawAmendment', amendmentId: 'am1' }).thenContains([{ type: 'AmendmentWithdrawn' }]);
      given([...founded(), proposedBy('m2', 'p2')]).when({ ...ctx('p2'), type: 'WithdrawAmendment', amendmentId: 'am9' }).rejects('not_found', /^Amendment 'am9' does not exist$/);
      const withdrawn: ClusterEvent = { type: 'AmendmentWithdrawn', data: { amendmentId: 'am1', withdrawnAt: at } };
      given([...founded(), proposedBy('m2', 'p2'), withdrawn]).when({ ...ctx('p2'), type: 'WithdrawAmendment', amendmentId: 'am1' }).rejects('rule_broken', /^Amendment 'am1' is already withdrawn$/);
    });

    it('is recorded as rejected only by a vote that rejected it, and adopted without a charter change when it has none', () => {
      const vote = (outcome: 'adopted' | 'rejected'): ResolutionFacts => ({
        meetingId: 'ozc', voteId: 'v1', meetingKind: 'general', decisionKind: 'amendment', subject: { kind: 'amendment', amendmentId: 'am1' }, outcome,
        resolution: { number: '2/2015', body: 'general_meeting', sequence: 2, year: 2015 }, charterVersion: 1,
      });
      given([...founded(), proposedBy('m2', 'p2')])
        .when({ ...ctx('p1'), type: 'RejectAmendment', amendmentId: 'am1', meetingId: 'ozc', voteId: 'v1', resolution: vote('adopted') })
        .rejects('rule_broken', /^Resolution 2\/2015 adopted the amendment$/);
      const adopted = given([...founded(), proposedBy('m2', 'p2')])
        .when({ ...ctx('p1'), type: 'AdoptAmendment', amendmentId: 'am1', meetingId: 'ozc', voteId: 'v1', effectiveOn: '2015-04-01', resolution: vote('adopted') })
        .events();
      expect(adopted.map((e) => e.type)).toEqual(['AmendmentAdopted', 'AgreementVersionAdopted']);
    });
  });
});
