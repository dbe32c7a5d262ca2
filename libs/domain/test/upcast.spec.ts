import { parseClusterEvent } from '../src/cluster/cluster.events';
import { schemaVersionOf, upcast } from '../src/shared/upcast';

const v1MemberAdmitted = {
  memberId: 'm9',
  organisation: { name: 'Spółdzielnia 9', sector: 'social_economy' },
  kind: 'ordinary',
  representative: { personId: 'p9', role: 'Prezes' },
  admittedOn: '2015-03-01',
  founding: false,
};

describe('upcast', () => {
  it('writes MemberAdmitted as schema version 2, everything else as version 1', () => {
    expect(schemaVersionOf('MemberAdmitted')).toBe(2);
    expect(schemaVersionOf('AgreementSigned')).toBe(1);
  });

  it('reads a v1 MemberAdmitted (no votingWeight) as v2 with weight 1, without touching the stored data', () => {
    const stored = structuredClone(v1MemberAdmitted);
    const upcast1 = upcast('MemberAdmitted', 1, stored);
    expect(upcast1).toEqual({ ...v1MemberAdmitted, votingWeight: 1 });
    expect(stored).toEqual(v1MemberAdmitted);
    expect(() => parseClusterEvent('MemberAdmitted', stored)).toThrow();
    expect(parseClusterEvent('MemberAdmitted', upcast1).data).toMatchObject({ memberId: 'm9', votingWeight: 1 });
  });

  it('keeps a weight a v1 event already carried, and leaves current events alone', () => {
    expect(upcast('MemberAdmitted', 1, { ...v1MemberAdmitted, votingWeight: 3 })).toMatchObject({ votingWeight: 3 });
    const v2 = { ...v1MemberAdmitted, votingWeight: 2 };
    expect(upcast('MemberAdmitted', 2, v2)).toBe(v2);
    expect(upcast('AgreementSigned', 1, { a: 1 })).toEqual({ a: 1 });
    expect(upcast('MemberAdmitted', undefined, v1MemberAdmitted)).toMatchObject({ votingWeight: 1 });
  });

  it('refuses a version newer than the code knows', () => {
    expect(() => upcast('MemberAdmitted', 3, v1MemberAdmitted)).toThrow(/schema version 3/);
    expect(() => upcast('AgreementSigned', 2, {})).toThrow(/reads up to 1/);
  });
});
