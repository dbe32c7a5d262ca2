import { clusterEventSchemas, electionEventSchemas, groupEventSchemas, invitationEventSchemas, meetingEventSchemas } from '@klaster/domain';
import { describeAct, hasMessage, type ActContext } from '@klaster/audit';

const context: ActContext = {
  timeZone: 'Europe/Warsaw',
  memberName: (id) => `Member ${id.toUpperCase()}`,
  personName: (id) => `Person ${id.toUpperCase()}`,
  streamTitle: () => 'Rada 1/2025',
};

/** Every event the domain records, and the two the server records beside it (the register's number, a seal). */
const recordedTypes = [
  ...Object.keys(clusterEventSchemas),
  ...Object.keys(invitationEventSchemas),
  ...Object.keys(meetingEventSchemas),
  ...Object.keys(groupEventSchemas),
  ...Object.keys(electionEventSchemas),
  'ResolutionNumberAssigned',
  'SealRecorded',
];

describe('an act in words', () => {
  // An event type without its words reads "Event <type>" in the trail, the exports and the documents.
  it.each(recordedTypes)('has words for %s', (type) => {
    expect(hasMessage(`act.${type}`)).toBe(true);
  });

  it('reads an invitation issued, revoked and accepted with its role, member and person', () => {
    const issued = describeAct(
      { type: 'InvitationIssued', streamId: 'cluster-c', data: { invitationId: 'i1', role: 'representative', memberId: 'm1', invitedBy: 'p-coord', issuedAt: '2025-03-01T10:00:00.000Z', expiresAt: '2025-03-08T10:00:00.000Z', tokenHash: 'a'.repeat(64) } },
      context,
    );
    expect(issued.en).toBe('An invitation was issued for a representative of Member M1 (by Person P-COORD; valid until 8 Mar 2025, 11:00)');
    expect(issued.pl).toContain('dla przedstawiciela członka Member M1');
    const asAuditor = describeAct({ type: 'InvitationIssued', streamId: 'cluster-c', data: { invitationId: 'i2', role: 'auditor', invitedBy: 'p-coord', expiresAt: '2025-03-08T10:00:00.000Z' } }, context);
    expect(asAuditor.en).toContain('for an auditor (by Person P-COORD');
    expect(describeAct({ type: 'InvitationRevoked', streamId: 'cluster-c', data: { invitationId: 'i2', revokedBy: 'p-coord', revokedAt: '2025-03-02T10:00:00.000Z' } }, context).en).toBe(
      'Invitation i2 was revoked (by Person P-COORD)',
    );
    const accepted = describeAct({ type: 'InvitationAccepted', streamId: 'cluster-c', data: { invitationId: 'i1', personId: 'p-new', role: 'registrar', acceptedAt: '2025-03-02T10:00:00.000Z' } }, context);
    expect(accepted).toEqual({ pl: 'Person P-NEW przyjął zaproszenie jako rejestrator', en: 'Person P-NEW accepted an invitation as a registrar' });
  });

  it('reads a vote recorded from its minutes with its counts, outcome and quorum', () => {
    const recorded = describeAct(
      { type: 'VoteCountsRecorded', streamId: 'meeting-c.rada-1', data: { voteId: 'u1', outcome: 'rejected', tally: { yes: 3, no: 9, abstain: 1 }, quorum: { entitled: 14, present: 13, reached: true }, minutes: 'Protokół nr 2/2015' } },
      context,
    );
    expect(recorded.en).toBe('A vote was recorded from the minutes (Protokół nr 2/2015): motion rejected (yes 3, no 9, abstain 1; quorum reached)');
    expect(recorded.pl).toBe('Wpisano wynik głosowania z protokołu (Protokół nr 2/2015): wniosek odrzucony (za 3, przeciw 9, wstrzymało się 1; kworum osiągnięte)');
  });

  it("reads an election's resolution number", () => {
    const numbered = describeAct({ type: 'ElectionResolutionNumbered', streamId: 'election-c.e1', data: { resolution: { number: '4/2025', body: 'general_meeting' } } }, context);
    expect(numbered).toEqual({ pl: 'Nadano uchwale o wyborze lidera numer 4/2025', en: 'The election’s resolution was numbered 4/2025' });
  });

  it('names an event type it does not know as such, in both languages', () => {
    expect(describeAct({ type: 'SomethingNew', streamId: 'cluster-c', data: {} }, context)).toEqual({ pl: 'Zdarzenie SomethingNew', en: 'Event SomethingNew' });
  });
});
