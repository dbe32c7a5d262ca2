import { generateKeyPairSync, sign as edSign } from 'node:crypto';
import { clusterDecider } from '../src/cluster/cluster.decider';
import { fold } from '../src/shared/decider';
import { signingMessage } from '../src/cluster/signing';
import type { ClusterEvent } from '../src/cluster/cluster.events';
import { specFor } from './given-when-then';
import { AT, HASH, foundCommand, founded, honoraryAdmitted } from './cluster.fixtures';

const given = specFor(clusterDecider);
const ctx = (actor: string, at = '2015-03-01T09:00:00.000Z') => ({ clusterId: 'wmkes', actor, at });
const withdrawn: ClusterEvent = { type: 'MemberWithdrew', data: { memberId: 'm3', withdrawnOn: '2015-02-01', writtenNoticeRef: 'L/2015/7' } };

describe('cluster decider', () => {
  describe('founding', () => {
    it('founds the cluster with its agreement hash, founding members and coordinator, in force on conclusion', () => {
      given([]).when(foundCommand()).then(founded());
    });

    it('waits for every founder’s signature when the charter says so', () => {
      const events = given([]).when(foundCommand({ charter: { entryIntoForce: 'all_founders_signed' } })).events();
      expect(events.map((e) => e.type)).not.toContain('AgreementEnteredIntoForce');
    });

    it('refuses a founder who is not the coordinator’s representative', () => {
      given([]).when({ ...foundCommand(), actor: 'p2' }).rejects('forbidden', /coordinator/);
    });

    it('refuses founding the same cluster twice', () => {
      given(founded()).when(foundCommand()).rejects('conflict', /The cluster id 'wmkes' is taken/);
    });
  });

  describe('membership', () => {
    const admit = (actor: string) => ({
      ...ctx(actor),
      type: 'AdmitMember' as const,
      memberId: 'm9',
      organisation: { name: 'Gmina Olsztyn', sector: 'local_government' as const },
      kind: 'honorary' as const,
      votingWeight: 1,
      representative: { personId: 'p9', role: 'Prezydent' },
      admittedOn: '2015-01-10',
    });

    it('lets the coordinator admit an honorary member', () => {
      given(founded()).when(admit('p1')).then([
        {
          type: 'MemberAdmitted',
          data: {
            ...honoraryAdmitted.data,
            organisation: { name: 'Gmina Olsztyn', sector: 'local_government' },
            representative: { personId: 'p9', role: 'Prezydent' },
          },
        },
      ]);
    });

    it('refuses admission by a non-coordinator', () => {
      given(founded()).when(admit('p2')).rejects('forbidden', /coordinator/);
    });

    it('refuses admission to a cluster that does not exist', () => {
      given([]).when(admit('p1')).rejects('not_found', /Cluster 'wmkes' does not exist/);
    });

    it('refuses a member id already used, even by a withdrawn member', () => {
      given([...founded(), withdrawn]).when({ ...admit('p1'), memberId: 'm3' }).rejects('conflict', /Member 'm3' already exists \(members keep their history\)/);
    });

    it('records a unilateral written withdrawal by the member’s representative', () => {
      given(founded())
        .when({ ...ctx('p3'), type: 'WithdrawMember', memberId: 'm3', withdrawnOn: '2015-02-01', writtenNoticeRef: 'L/2015/7' })
        .then([withdrawn]);
    });

    it('refuses a withdrawal filed by another member', () => {
      given(founded())
        .when({ ...ctx('p2'), type: 'WithdrawMember', memberId: 'm3', withdrawnOn: '2015-02-01', writtenNoticeRef: 'x' })
        .rejects('forbidden', /Only the member's representative \(or the coordinator recording the written notice\) may withdraw it/);
    });

    it('keeps a withdrawn member’s history but refuses its acts', () => {
      const state = fold(clusterDecider, [...founded(), withdrawn]);
      expect(state.members.m3).toMatchObject({ status: 'withdrawn', founding: true, withdrawal: { writtenNoticeRef: 'L/2015/7' } });
      given([...founded(), withdrawn])
        .when({ ...ctx('p3'), type: 'SignAgreement', memberId: 'm3', textHash: HASH })
        .rejects('forbidden', /withdrawn/);
      given([...founded(), withdrawn])
        .when({ ...ctx('p3'), type: 'ChangeRepresentative', memberId: 'm3', representative: { personId: 'p33', role: 'Prezes' } })
        .rejects('forbidden', /withdrawn/);
    });
  });

  describe('representatives', () => {
    const change: ClusterEvent = {
      type: 'RepresentativeChanged',
      data: {
        memberId: 'm2',
        previous: { personId: 'p2', role: 'Prezes' },
        representative: { personId: 'p22', role: 'Wiceprezes' },
        effectiveAt: '2015-03-01T09:00:00.000Z',
      },
    };

    it('lets the member’s representative hand over to a new one', () => {
      given(founded())
        .when({ ...ctx('p2'), type: 'ChangeRepresentative', memberId: 'm2', representative: { personId: 'p22', role: 'Wiceprezes' } })
        .then([change]);
    });

    it('takes effect for later acts only: the old representative can no longer sign, the new one can', () => {
      const history = [...founded(), change];
      given(history).when({ ...ctx('p2'), type: 'SignAgreement', memberId: 'm2', textHash: HASH }).rejects('forbidden', /Only the current representative of Spółdzielnia 2 may sign the agreement for it/);
      given(history)
        .when({ ...ctx('p22'), type: 'SignAgreement', memberId: 'm2', textHash: HASH })
        .thenContains([{ type: 'AgreementSigned', data: expect.objectContaining({ personId: 'p22', role: 'Wiceprezes' }) }]);
    });

    it('keeps an earlier signature by the previous representative as it was', () => {
      const signedByOld: ClusterEvent = {
        type: 'AgreementSigned',
        data: { version: 1, textHash: HASH, memberId: 'm2', personId: 'p2', role: 'Prezes', organisation: 'Spółdzielnia 2', signedAt: AT },
      };
      const state = fold(clusterDecider, [...founded(), signedByOld, change]);
      expect(state.signatures).toEqual([signedByOld.data]);
      expect(state.members.m2.representativeHistory.map((r) => r.personId).toArray()).toEqual(['p2', 'p22']);
    });

    it('refuses a change by someone who neither represents the member nor coordinates', () => {
      given(founded())
        .when({ ...ctx('p3'), type: 'ChangeRepresentative', memberId: 'm2', representative: { personId: 'p3', role: 'x' } })
        .rejects('forbidden', /Only the member's current representative or the coordinator may change the representative/);
    });
  });

  describe('signatures', () => {
    it('refuses a signature on a stale text (hash differs from the current version)', () => {
      given(founded())
        .when({ ...ctx('p2'), type: 'SignAgreement', memberId: 'm2', textHash: 'a'.repeat(64) })
        .rejects('rule_broken', /not the current agreement/);
    });

    it('refuses a second signature of the same version by the same member', () => {
      const signed: ClusterEvent = {
        type: 'AgreementSigned',
        data: { version: 1, textHash: HASH, memberId: 'm2', personId: 'p2', role: 'Prezes', organisation: 'Spółdzielnia 2', signedAt: AT },
      };
      given([...founded(), signed]).when({ ...ctx('p2'), type: 'SignAgreement', memberId: 'm2', textHash: HASH }).rejects('conflict', /Spółdzielnia 2 has already signed version 1/);
    });

    it('enters into force when the last founder signs, if the charter says so', () => {
      const history = founded({ charter: { entryIntoForce: 'all_founders_signed' } });
      const signing = (m: number): ClusterEvent => ({
        type: 'AgreementSigned',
        data: { version: 1, textHash: HASH, memberId: `m${m}`, personId: `p${m}`, role: 'Prezes', organisation: `Spółdzielnia ${m}`, signedAt: AT },
      });
      const afterTwo = given([...history, signing(1)])
        .when({ ...ctx('p2'), type: 'SignAgreement', memberId: 'm2', textHash: HASH })
        .events();
      expect(afterTwo.map((e) => e.type)).toEqual(['AgreementSigned']);
      const last = given([...history, signing(1), signing(2)])
        .when({ ...ctx('p3', '2014-11-25T12:00:00.000Z'), type: 'SignAgreement', memberId: 'm3', textHash: HASH })
        .events();
      expect(last[1]).toEqual({ type: 'AgreementEnteredIntoForce', data: { version: 1, effectiveOn: '2014-11-25' } });
    });

    describe('with a detached Ed25519 signature', () => {
      const { publicKey, privateKey } = generateKeyPairSync('ed25519');
      const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const registered: ClusterEvent = { type: 'SigningKeyRegistered', data: { personId: 'p2', keyId: 'k1', publicKey: pem } };
      const message = signingMessage('wmkes', 1, HASH);
      const goodSignature = edSign(null, Buffer.from(message), privateKey).toString('base64');

      it('accepts a signature that verifies against the person’s registered key', () => {
        given([...founded(), registered])
          .when({ ...ctx('p2'), type: 'SignAgreement', memberId: 'm2', textHash: HASH, signature: { keyId: 'k1', value: goodSignature } })
          .thenContains([{ type: 'AgreementSigned', data: expect.objectContaining({ signature: { keyId: 'k1', value: goodSignature } }) }]);
      });

      it('refuses a signature that does not verify', () => {
        const forged = edSign(null, Buffer.from(signingMessage('wmkes', 1, 'b'.repeat(64))), privateKey).toString('base64');
        given([...founded(), registered])
          .when({ ...ctx('p2'), type: 'SignAgreement', memberId: 'm2', textHash: HASH, signature: { keyId: 'k1', value: forged } })
          .rejects('rule_broken', /does not verify/);
      });

      it('refuses a signature with a key registered for someone else', () => {
        given([...founded(), registered])
          .when({ ...ctx('p3'), type: 'SignAgreement', memberId: 'm3', textHash: HASH, signature: { keyId: 'k1', value: goodSignature } })
          .rejects('rule_broken', /No key/);
      });

      it('refuses to register something that is not an Ed25519 key', () => {
        given(founded()).when({ ...ctx('p2'), type: 'RegisterSigningKey', keyId: 'k2', publicKey: 'bm90IGEga2V5' }).rejects('rule_broken', /publicKey is not an Ed25519 public key \(PEM or base64 of 32 bytes\)/);
      });
    });
  });

  describe('roles', () => {
    it('lets the coordinator appoint and revoke an auditor; no one else may', () => {
      given(founded())
        .when({ ...ctx('p1'), type: 'AppointAuditor', personId: 'aud1' })
        .then([{ type: 'AuditorAppointed', data: { personId: 'aud1', appointedAt: '2015-03-01T09:00:00.000Z' } }]);
      given(founded()).when({ ...ctx('p2'), type: 'AppointAuditor', personId: 'aud1' }).rejects('forbidden', /Only the coordinator's representative may appoint auditors/);
      const appointed: ClusterEvent = { type: 'AuditorAppointed', data: { personId: 'aud1', appointedAt: AT } };
      given([...founded(), appointed])
        .when({ ...ctx('p1'), type: 'RevokeAuditor', personId: 'aud1' })
        .then([{ type: 'AuditorRevoked', data: { personId: 'aud1', revokedAt: '2015-03-01T09:00:00.000Z' } }]);
      // An auditor is read-only: it cannot act as a member.
      given([...founded(), appointed]).when({ ...ctx('aud1'), type: 'AppointAuditor', personId: 'x' }).rejects('forbidden', /Only the coordinator's representative may appoint auditors/);
    });

    it('refuses an honorary member as coordinator', () => {
      given([...founded(), honoraryAdmitted]).when({ ...ctx('p1'), type: 'AppointCoordinator', memberId: 'm9' }).rejects('rule_broken', /honorary/);
    });

    it('lets a voting member appoint a new coordinator once the coordinator has withdrawn', () => {
      const gone: ClusterEvent = { type: 'MemberWithdrew', data: { memberId: 'm1', withdrawnOn: '2016-01-01', writtenNoticeRef: 'W/1' } };
      given([...founded(), gone])
        .when({ ...ctx('p2'), type: 'AppointCoordinator', memberId: 'm2' })
        .thenContains([{ type: 'CoordinatorAppointed' }]);
      given(founded()).when({ ...ctx('p2'), type: 'AppointCoordinator', memberId: 'm2' }).rejects('forbidden', /Only the coordinator may hand over coordination/);
    });
  });
});
