import { z } from 'zod';
import {
  occurrenceFields,
  clusterCommandBodies,
  defaultCharter,
  electionCommandBodies,
  groupCommandBodies,
  meetingCommandBodies,
  type ClusterCommandType,
  type ElectionCommandType,
  type GroupCommandType,
  type MeetingCommandType,
} from '@klaster/domain';

/*
 * One example body per command, shown in /api/docs. Typed by the command's own zod input, so the
 * compiler refuses an example the server would refuse; test/server/openapi-contract.e2e-spec.ts
 * also validates each against the published schema. One story throughout: cluster `wm-kes`.
 */

const occurrence = z.object(occurrenceFields);
/** Any command may be an act recorded after the fact: occurredAt, reference, actedBy. */
type Examples<B extends Record<string, z.ZodType>, K extends keyof B> = { [T in K]: z.input<B[T]> & z.input<typeof occurrence> };
const hash = (c: string) => c.repeat(64);
type Routed<T extends string> = Exclude<T, 'InstallElectedLeader' | 'IssueInvitation' | 'RevokeInvitation' | 'AcceptInvitation'>;

export const clusterCommandExamples: Examples<typeof clusterCommandBodies, Routed<ClusterCommandType>> = {
  FoundCluster: {
    clusterId: 'wm-kes',
    name: 'Warmińsko-Mazurski Klaster Energii Słonecznej',
    foundedOn: '2014-11-21',
    timeZone: 'Europe/Warsaw',
    coordinatorMemberId: 'gmina-olsztyn',
    foundingMembers: [
      { memberId: 'gmina-olsztyn', organisation: { name: 'Gmina Olsztyn', sector: 'local_government' }, representative: { personId: 'anna.nowak', role: 'Burmistrz' } },
      { memberId: 'solar-sp', organisation: { name: 'Solar sp. z o.o.', sector: 'business' }, representative: { personId: 'jan.kowalski', role: 'Prezes zarządu' } },
      { memberId: 'uwm', organisation: { name: 'Uniwersytet Warmińsko-Mazurski', sector: 'research_university' }, kind: 'honorary', representative: { personId: 'ewa.lis', role: 'Prorektor' } },
    ],
    agreement: {
      title: 'Porozumienie o utworzeniu klastra',
      sections: [
        { number: '§ 1', title: 'Cel', text: 'Strony tworzą klaster energii słonecznej.' },
        { number: '§ 2', title: 'Organy', text: 'Organami klastra są Rada Klastra i Ogólne Zebranie Członków.' },
      ],
    },
    charter: defaultCharter,
  },
  ChangeTimeZone: { timeZone: 'Europe/Warsaw' },
  // Recorded after the fact: when it happened, and the document it is entered from.
  AdmitMember: {
    memberId: 'coop-slonce',
    organisation: { name: 'Spółdzielnia Socjalna Słońce', sector: 'social_economy' },
    representative: { personId: 'piotr.wisniewski', role: 'Prezes' },
    admittedOn: '2015-03-02',
    occurredAt: '2015-03-02',
    reference: 'uchwała Rady nr 2/2015',
  },
  ChangeRepresentative: { representative: { personId: 'marta.zielinska', role: 'Wiceprezes zarządu' } },
  WithdrawMember: { withdrawnOn: '2024-06-30', writtenNoticeRef: 'pismo z dnia 31 marca 2024 r.' },
  AppointCoordinator: { memberId: 'solar-sp' },
  AppointAuditor: { personId: 'audytor.kowalczyk' },
  RevokeAuditor: { reason: 'Zakończenie audytu' },
  AppointRegistrar: { personId: 'sekretarz.wojcik' },
  RevokeRegistrar: { reason: 'Archiwum zostało wprowadzone' },
  RegisterSigningKey: { keyId: 'jan-2024', publicKey: 'MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=' },
  SignAgreement: { textHash: hash('a'), role: 'Prezes zarządu' },
  ProposeAmendment: {
    amendmentId: 'zm-2024-1',
    memberId: 'solar-sp',
    change: { kind: 'replace', section: '§ 2', title: 'Organy', text: 'Organami klastra są Rada Klastra, Ogólne Zebranie Członków i Forum.' },
    rationale: 'Forum zbiera się od 2023 r.; porozumienie powinno je wymieniać.',
  },
  WithdrawAmendment: {},
  AdoptAmendment: { meetingId: 'walne-2024', voteId: 'zmiana-2', effectiveOn: '2024-07-01' },
  RejectAmendment: { meetingId: 'walne-2024', voteId: 'zmiana-2' },
  SubmitAnnualReport: { year: 2024, documentHash: hash('b'), title: 'Sprawozdanie z działalności klastra za 2024 r.' },
  RecordReportDecision: { meetingId: 'walne-2025', voteId: 'sprawozdanie' },
  RecordAbsolution: { meetingId: 'walne-2025', voteId: 'absolutorium' },
  RecordActionPlan: { meetingId: 'walne-2025', voteId: 'plan', documentHash: hash('c') },
  RecordThematicNetworksEvaluation: { meetingId: 'walne-2025', voteId: 'sieci', summary: 'Sieć magazynowania energii działa; sieć szkoleń do wznowienia.' },
};

export const meetingCommandExamples: Examples<typeof meetingCommandBodies, MeetingCommandType> = {
  ConveneMeeting: {
    meetingId: 'walne-2025',
    kind: 'general',
    title: 'Ogólne Zebranie Członków 2025',
    scheduledFor: '2025-04-10T10:00:00+02:00',
    venue: { mode: 'hybrid', place: 'Ratusz, sala 12', url: 'https://meet.example.org/walne-2025' },
    agenda: [
      { itemId: 'sprawozdanie', title: 'Przyjęcie sprawozdania za 2024 r.' },
      { itemId: 'absolutorium', title: 'Absolutorium dla Koordynatora' },
    ],
  },
  AddAgendaItem: { itemId: 'wolne-wnioski', title: 'Wolne wnioski' },
  OpenMeeting: {},
  RecordAttendance: { memberId: 'solar-sp', presence: 'in_person' },
  RegisterProxy: { grantorMemberId: 'coop-slonce', holderMemberId: 'solar-sp', documentRef: 'pełnomocnictwo z dnia 2 kwietnia 2025 r.' },
  RevokeProxy: { grantorMemberId: 'coop-slonce' },
  OpenVote: { voteId: 'absolutorium', agendaItemId: 'absolutorium', motion: 'Udziela się Koordynatorowi absolutorium za 2024 r.', secrecy: 'secret', decisionKind: 'absolution', subject: { kind: 'absolution', year: 2024 } },
  RecordVoteCounts: { counts: { yes: 11, no: 3, abstain: 0, present: 14 }, minutes: 'Protokół nr 3/2015/RK', occurredAt: '2015-09-10T10:25:00+02:00', reference: 'Protokół nr 3/2015/RK' },
  CastBallot: { memberId: 'solar-sp', choice: 'yes' },
  CorrectBallot: { memberId: 'solar-sp', choice: 'abstain' },
  CloseVote: {},
  DraftMinutes: { text: 'Protokół z Ogólnego Zebrania Członków z dnia 10 kwietnia 2025 r. …' },
  CorrectMinutes: { text: 'Protokół z Ogólnego Zebrania Członków z dnia 10 kwietnia 2025 r. (poprawiony) …' },
  ApproveMinutes: { voteId: 'protokol' },
  LockMinutes: {},
  CloseMeeting: {},
  CancelMeeting: { reason: 'Brak sali; zebranie zostanie zwołane ponownie.' },
};

export const groupCommandExamples: Examples<typeof groupCommandBodies, GroupCommandType> = {
  RequestGroup: {
    groupId: 'magazyny',
    name: 'Grupa robocza ds. magazynowania energii',
    purpose: 'Przygotować wspólny wniosek o dofinansowanie magazynów energii.',
    deadline: '2025-12-31',
    requestedBy: { kind: 'members', memberIds: ['solar-sp', 'coop-slonce'] },
    initialMemberIds: ['solar-sp', 'coop-slonce', 'gmina-olsztyn'],
  },
  JoinGroup: { memberId: 'gmina-olsztyn' },
  LeaveGroup: {},
  SetMembershipConditions: { conditions: 'Członek grupy wnosi dane o zużyciu energii za ostatni rok.' },
  AppointGroupLeader: { personId: 'jan.kowalski' },
  AddTask: { taskId: 'analiza', title: 'Analiza zużycia energii w gminie', responsibleMemberId: 'gmina-olsztyn', deadline: '2025-06-30' },
  CompleteTask: {},
  ReassignTask: { responsibleMemberId: 'solar-sp', deadline: '2025-07-31' },
  DissolveGroup: { reason: 'Wniosek złożony; cel osiągnięty.' },
};

export const electionCommandExamples: Examples<typeof electionCommandBodies, ElectionCommandType> = {
  CallElection: { electionId: 'lider-2025', meetingId: 'walne-2025', reason: 'Koordynator wystąpił z klastra' },
  NominateCandidate: { memberId: 'solar-sp' },
  AcceptNomination: {},
  WithdrawCandidacy: {},
  OpenRound: {},
  CastElectionBallot: { memberId: 'coop-slonce', candidateMemberId: 'solar-sp' },
  CloseRound: {},
};
