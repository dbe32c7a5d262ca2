import { generateKeyPairSync } from 'node:crypto';
import {
  because,
  checkInclusionProof,
  describeFinding,
  findingText,
  reasonText,
  sealKeyFromPem,
  signatureFault,
  signatureProblem,
  signSeal,
  snapshotLines,
  type AuditFinding,
  type ClusterSnapshot,
  type UnsignedSeal,
} from '@klaster/audit';

const truncated: AuditFinding = {
  kind: 'truncated',
  streamId: 'meeting-kl.rada-1',
  revision: 25n,
  seal: { clusterId: 'kl', sequence: 1, position: 39n },
  ...because('finding.headTruncated', { end: '23', sequence: 1, revision: '25' }),
};

describe("the auditor's findings in Polish and English", () => {
  it('words a finding in English exactly as before (the API, the README and scripts read it), and in Polish', () => {
    const english = 'TRUNCATED: stream meeting-kl.rada-1, revision 25: the stream ends at revision 23, but seal 1 committed to revision 25 (shown by seal 1 of cluster kl, position 39)';
    expect(describeFinding(truncated)).toBe(english);
    expect(findingText(truncated, 'en')).toBe(english);
    expect(truncated.detail).toBe('the stream ends at revision 23, but seal 1 committed to revision 25');
    expect(findingText(truncated, 'pl')).toBe(
      'UCIĘCIE: strumień meeting-kl.rada-1, rewizja 25: strumień kończy się na rewizji 23, a pieczęć 1 potwierdziła rewizję 25 (wykazała to pieczęć 1 klastra kl, pozycja 39)',
    );
  });

  it('words a seal’s signature problem inside the finding that names the seal, in either language', () => {
    const key = sealKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const unsigned = { clusterId: 'kl', sequence: 2, sealedAt: '2024-03-14T10:00:00.000Z', throughPosition: '9', root: 'a'.repeat(64), streams: [], previous: null } as unknown as UnsignedSeal;
    const forged = { ...signSeal(unsigned, key), root: 'b'.repeat(64) };
    expect(signatureProblem(forged, key.publicKey)).toBe('its signature does not verify with the public key');
    expect(signatureProblem(unsigned as never, key.publicKey)).toBe('the seal is not signed');
    const finding: AuditFinding = { kind: 'bad_signature', streamId: 'seals-kl', revision: 1n, ...because('finding.sealSignature', { sequence: 2 }, signatureFault(forged, key.publicKey)) };
    expect(finding.detail).toBe('seal 2: its signature does not verify with the public key');
    expect(findingText(finding, 'pl')).toBe('ZŁY PODPIS: strumień seals-kl, rewizja 1: pieczęć 2: jej podpis nie zgadza się z kluczem publicznym');
  });

  it('keeps the English problems of an inclusion proof, with their reasons to word in Polish', () => {
    const check = checkInclusionProof({ format: 'nonsense' });
    expect(check.ok).toBe(false);
    expect(check.problems).toEqual(check.reasons.map((r) => reasonText(r, 'en')));
    expect(check.problems[0]).toMatch(/^not a klaster-inclusion-proof/);
    expect(reasonText(check.reasons[0], 'pl')).toMatch(/^to nie jest klaster-inclusion-proof/);
  });
});

describe('a replayed cluster as text', () => {
  const snapshot: ClusterSnapshot = {
    clusterId: 'kl',
    name: 'Klaster Zielony',
    pointInTime: { asOf: '2024-03-14', until: '2024-03-14T23:00:00.000Z' },
    timeZone: 'Europe/Warsaw',
    leader: { memberId: 'm1', organisation: 'Gmina Zielonka', representative: 'p1' },
    bodies: { council: 'Rada Klastra', generalMeeting: 'Walne' },
    charterVersion: 2,
    agreementVersion: 1,
    latestAgreementVersion: null,
    members: [
      { memberId: 'm1', organisation: 'Gmina Zielonka', sector: 'local_government', kind: 'ordinary', status: 'active', representative: 'p1', admittedOn: '2023-01-10' },
      { memberId: 'm2', organisation: 'Spółdzielnia Socjalna', sector: 'social_economy', kind: 'honorary', status: 'withdrawn', representative: 'p2', admittedOn: '2023-02-01', withdrawnOn: '2024-01-31' },
    ],
    openGroups: [{ groupId: 'g1', name: 'Energia', active: false, members: ['m1'], leader: null, openTasks: 3 }],
    eventsFolded: 1234,
  };

  it('reads in English as the CLI always printed it', () => {
    expect(snapshotLines(snapshot, 'en')).toEqual([
      'Klaster Zielony (kl) as of the end of 2024-03-14 (Europe/Warsaw) — folded from 1234 events of the log',
      'Leader (coordinator): Gmina Zielonka [m1], represented by p1',
      'Bodies: council: Rada Klastra; generalMeeting: Walne',
      'Charter version 2; agreement version in force 1 (latest adopted —)',
      'Members (1 active of 2):',
      '  ● Gmina Zielonka [m1] — ordinary, local_government, active; admitted 2023-01-10; representative p1',
      '  ○ Spółdzielnia Socjalna [m2] — honorary, social_economy, withdrawn since 2024-01-31; admitted 2023-02-01; representative p2',
      'Open groups (1):',
      '  Energia [g1] — below the minimum size, 1 members, leader —, 3 open task(s)',
    ]);
  });

  it('reads in Polish with Polish words, days and numbers', () => {
    expect(snapshotLines(snapshot, 'pl')).toEqual([
      'Klaster Zielony (kl) na koniec dnia 14 mar 2024 (Europe/Warsaw) — odtworzono z 1234 zdarzeń zapisu',
      'Lider (koordynator): Gmina Zielonka [m1], reprezentowany przez p1',
      'Organy: rada: Rada Klastra; walne zgromadzenie: Walne',
      'Regulamin w wersji 2; porozumienie obowiązujące w wersji 1 (ostatnio przyjęta wersja —)',
      'Członkowie (aktywni: 1 z 2):',
      '  ● Gmina Zielonka [m1] — członek zwyczajny, samorząd, aktywny; przyjęty 10 sty 2023; przedstawiciel p1',
      '  ○ Spółdzielnia Socjalna [m2] — członek honorowy, ekonomia społeczna, wystąpił od 31 sty 2024; przyjęty 1 lut 2023; przedstawiciel p2',
      'Otwarte grupy (1):',
      '  Energia [g1] — poniżej minimalnej liczebności, członkowie: 1, lider —, otwarte zadania: 3',
    ]);
    const atPosition = snapshotLines({ ...snapshot, pointInTime: { position: '17', until: 'position 17' }, eventsFolded: 1 }, 'pl')[0];
    expect(atPosition).toBe('Klaster Zielony (kl) według pozycji zapisu 17 — odtworzono z 1 zdarzenia zapisu');
  });
});
