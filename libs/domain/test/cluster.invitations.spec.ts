import { clusterDecider } from '../src/cluster/cluster.decider';
import { fold } from '../src/shared/decider';
import { mayRead } from '../src/cluster/cluster.state';
import type { ClusterCommandOf } from '../src/cluster/cluster.commands';
import type { ClusterEvent } from '../src/cluster/cluster.events';
import { specFor } from './given-when-then';
import { founded } from './cluster.fixtures';
import { isOpenInvitation } from '../src/cluster/invitations.state';

const given = specFor(clusterDecider);
const ISSUED_AT = '2015-03-01T09:00:00.000Z';
const EXPIRES_AT = '2015-03-08T09:00:00.000Z';
const HASH_A = 'a'.repeat(64);
const ctx = (actor: string, at = ISSUED_AT) => ({ clusterId: 'wmkes', actor, at });

const issued = (over: Partial<Extract<ClusterEvent, { type: 'InvitationIssued' }>['data']> = {}): ClusterEvent => ({
  type: 'InvitationIssued',
  data: { invitationId: 'inv-1', role: 'representative', memberId: 'm2', representativeRole: 'Prezes Zarządu', invitedBy: 'p1', issuedAt: ISSUED_AT, expiresAt: EXPIRES_AT, tokenHash: HASH_A, ...over },
});
const issue = (over: Partial<ClusterCommandOf<'IssueInvitation'>> = {}): ClusterCommandOf<'IssueInvitation'> => ({
  type: 'IssueInvitation',
  ...ctx('p1'),
  invitationId: 'inv-1',
  role: 'representative',
  memberId: 'm2',
  representativeRole: 'Prezes Zarządu',
  expiresAt: EXPIRES_AT,
  tokenHash: HASH_A,
  ...over,
});
const accept = (actor: string, at = '2015-03-02T10:00:00.000Z', tokenHash = HASH_A): ClusterCommandOf<'AcceptInvitation'> => ({ type: 'AcceptInvitation', ...ctx(actor, at), tokenHash });
const revoke = (actor: string, invitationId: string): ClusterCommandOf<'RevokeInvitation'> => ({ type: 'RevokeInvitation', ...ctx(actor), invitationId });

describe('invitations', () => {
  it('the coordinator invites someone to represent a member; the log keeps only the token’s hash', () => {
    given(founded()).when(issue()).then([issued()]);
  });

  it('only the coordinator invites', () => {
    given(founded()).when(issue({ actor: 'p2' })).rejects('forbidden', /Only the coordinator's representative may invite/);
  });

  it('an invitation to represent names an active member; one to audit names none', () => {
    given(founded()).when(issue({ memberId: undefined })).rejects('rule_broken', /memberId/, 'member_required');
    given(founded()).when(issue({ memberId: 'm99' })).rejects('not_found', /Member 'm99' does not exist/);
    given([...founded(), { type: 'MemberWithdrew', data: { memberId: 'm2', withdrawnOn: '2015-02-01', writtenNoticeRef: 'L/1' } }]).when(issue()).rejects('rule_broken', /withdrawn/, 'member_withdrawn');
    given(founded()).when(issue({ role: 'auditor' })).rejects('rule_broken', /invitation to be auditor names no member/, 'member_not_expected');
    given(founded()).when(issue({ role: 'registrar', memberId: undefined })).rejects('rule_broken', /invitation to be registrar names no member/, 'member_not_expected');
    given(founded()).when(issue({ role: 'auditor', memberId: undefined, representativeRole: undefined })).then([issued({ role: 'auditor', memberId: undefined, representativeRole: undefined })].map(stripUndefined));
  });

  it('an id or a token is used once; an invitation must expire after it is issued', () => {
    given([...founded(), issued()]).when(issue({ tokenHash: 'b'.repeat(64) })).rejects('conflict', /Invitation 'inv-1' already exists/, 'invitation_exists');
    given([...founded(), issued()]).when(issue({ invitationId: 'inv-2' })).rejects('conflict', /token is already in use/, 'invitation_exists');
    given(founded()).when(issue({ expiresAt: ISSUED_AT })).rejects('rule_broken', /must expire after it is issued/, 'invitation_expired');
    // A prototype key is no invitation.
    given(founded()).when(issue({ invitationId: 'constructor' })).thenContains([{ type: 'InvitationIssued' }]);
  });

  it('accepting makes the person the member’s representative from that instant, in one act', () => {
    const at = '2015-03-02T10:00:00.000Z';
    given([...founded(), issued()])
      .when(accept('anna-k', at))
      .then([
        { type: 'InvitationAccepted', data: { invitationId: 'inv-1', personId: 'anna-k', role: 'representative', memberId: 'm2', acceptedAt: at } },
        { type: 'RepresentativeChanged', data: { memberId: 'm2', previous: { personId: 'p2', role: 'Prezes' }, representative: { personId: 'anna-k', role: 'Prezes Zarządu' }, effectiveAt: at } },
      ]);
    const state = fold(clusterDecider, [...founded(), issued(), ...clusterDecider.decide(accept('anna-k', at), fold(clusterDecider, [...founded(), issued()]))]);
    expect(mayRead(state, 'anna-k')).toBe(true);
    expect(mayRead(state, 'p2')).toBe(false);
    expect(state.invitations['inv-1']).toMatchObject({ status: 'accepted', acceptedBy: 'anna-k' });
  });

  it('accepting as auditor or registrar appoints; someone already in the role is not appointed twice', () => {
    given([...founded(), issued({ role: 'auditor', memberId: undefined })])
      .when(accept('kontroler'))
      .thenContains([{ type: 'InvitationAccepted' }, { type: 'AuditorAppointed', data: { personId: 'kontroler', appointedAt: '2015-03-02T10:00:00.000Z' } }]);
    given([...founded(), issued({ role: 'registrar', memberId: undefined })])
      .when(accept('sekretarz'))
      .thenContains([{ type: 'InvitationAccepted' }, { type: 'RegistrarAppointed' }]);
    given([...founded(), issued()]).when(accept('p2')).thenContains([{ type: 'InvitationAccepted' }]);
    const appointed = (type: 'AuditorAppointed' | 'RegistrarAppointed'): ClusterEvent => ({ type, data: { personId: 'kontroler', appointedAt: ISSUED_AT } });
    given([...founded(), appointed('AuditorAppointed'), issued({ role: 'auditor', memberId: undefined })]).when(accept('kontroler')).thenContains([{ type: 'InvitationAccepted' }]);
    given([...founded(), appointed('RegistrarAppointed'), issued({ role: 'registrar', memberId: undefined })]).when(accept('kontroler')).thenContains([{ type: 'InvitationAccepted' }]);
  });

  it('an invitation is open until the instant it expires, unless used or revoked', () => {
    const state = (...events: ClusterEvent[]) => fold(clusterDecider, [...founded(), issued(), ...events]).invitations['inv-1'];
    expect(isOpenInvitation(state(), '2015-03-08T08:59:59.999Z')).toBe(true);
    expect(isOpenInvitation(state(), EXPIRES_AT)).toBe(false);
    expect(isOpenInvitation(state({ type: 'InvitationRevoked', data: { invitationId: 'inv-1', revokedBy: 'p1', revokedAt: ISSUED_AT } }), ISSUED_AT)).toBe(false);
    expect(isOpenInvitation(state({ type: 'InvitationAccepted', data: { invitationId: 'inv-1', personId: 'anna-k', role: 'representative', memberId: 'm2', acceptedAt: ISSUED_AT } }), ISSUED_AT)).toBe(false);
  });

  it('an invitation to represent a member who has withdrawn since is refused at acceptance', () => {
    const withdrew: ClusterEvent = { type: 'MemberWithdrew', data: { memberId: 'm2', withdrawnOn: '2015-03-01', writtenNoticeRef: 'L/2' } };
    given([...founded(), issued(), withdrew]).when(accept('anna-k')).rejects('rule_broken', /member this invitation was for has withdrawn/, 'member_withdrawn');
  });

  it('a used invitation is refused (409), and so are an expired (422), a revoked (422) and an unknown one (404)', () => {
    const used: ClusterEvent = { type: 'InvitationAccepted', data: { invitationId: 'inv-1', personId: 'anna-k', role: 'representative', memberId: 'm2', acceptedAt: ISSUED_AT } };
    given([...founded(), issued(), used]).when(accept('someone-else')).rejects('conflict', /already been used/, 'invitation_used');
    given([...founded(), issued()]).when(accept('anna-k', EXPIRES_AT)).rejects('rule_broken', /expired/, 'invitation_expired');
    given([...founded(), issued(), { type: 'InvitationRevoked', data: { invitationId: 'inv-1', revokedBy: 'p1', revokedAt: ISSUED_AT } }]).when(accept('anna-k')).rejects('rule_broken', /revoked/, 'invitation_revoked');
    given([...founded(), issued()]).when(accept('anna-k', undefined, 'c'.repeat(64))).rejects('not_found', /No such invitation/, 'invitation_not_found');
  });

  it('the coordinator revokes an open invitation, not a used or unknown one', () => {
    given([...founded(), issued()]).when(revoke('p1', 'inv-1')).then([
      { type: 'InvitationRevoked', data: { invitationId: 'inv-1', revokedBy: 'p1', revokedAt: ISSUED_AT } },
    ]);
    given([...founded(), issued()]).when(revoke('p2', 'inv-1')).rejects('forbidden', /may revoke invitations/);
    given([...founded(), issued()]).when(revoke('p1', 'toString')).rejects('not_found', /Invitation 'toString' does not exist/, 'invitation_not_found');
    const used: ClusterEvent = { type: 'InvitationAccepted', data: { invitationId: 'inv-1', personId: 'anna-k', role: 'representative', memberId: 'm2', acceptedAt: ISSUED_AT } };
    given([...founded(), issued(), used]).when(revoke('p1', 'inv-1')).rejects('conflict', /already been accepted/, 'invitation_used');
    const revoked: ClusterEvent = { type: 'InvitationRevoked', data: { invitationId: 'inv-1', revokedBy: 'p1', revokedAt: ISSUED_AT } };
    given([...founded(), issued(), revoked]).when(revoke('p1', 'inv-1')).rejects('conflict', /already been revoked/, 'invitation_revoked');
  });
});

function stripUndefined(event: ClusterEvent): ClusterEvent {
  return { ...event, data: Object.fromEntries(Object.entries(event.data).filter(([, v]) => v !== undefined)) } as ClusterEvent;
}
