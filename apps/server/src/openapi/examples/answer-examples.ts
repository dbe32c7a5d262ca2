import { defaultCharter } from '@klaster/domain';
import type { AgreementVersionView, AmendmentView, AnnualCycleView } from '../../clusters/queries/agreement-history';
import type { BodiesView } from '../../clusters/queries/bodies.view';
import type { ClusterListItem, ClusterView, CurrentAgreementView } from '../../clusters/queries/cluster.view';
import type { RepresentativesPage } from '../../clusters/queries/representative-history';
import type { ElectionView } from '../../elections/queries/election.view';
import type { GroupSummary, GroupView } from '../../groups/queries/group.view';
import type { CommandResponseBody, ErrorBody } from '../../http/contracts';
import type { MeetingSummary, MeetingView, RegisterEntry } from '../../meetings/queries/meeting.view';
import type { ComplianceView, InboxView, PersonView, ResolutionView } from '../../reads/reads.views';

/*
 * One example answer per read, shown in /api/docs. Each is typed by its view's schema, so it cannot
 * name a field the server does not send; test/server/openapi-contract.e2e-spec.ts also validates
 * each against the published schema. The story of command-examples.ts: cluster `wm-kes`.
 */

const hash = (c: string) => c.repeat(64);
const gmina = { memberId: 'gmina-olsztyn', organisation: 'Gmina Olsztyn' };
const anna = { personId: 'anna.nowak', role: 'Burmistrz' };
const jan = { personId: 'jan.kowalski', role: 'Prezes zarządu' };
const sections = [
  { number: '§ 1', title: 'Cel', text: 'Strony tworzą klaster energii słonecznej.' },
  { number: '§ 2', title: 'Organy', text: 'Organami klastra są Rada Klastra i Ogólne Zebranie Członków.' },
];
const absolution = { number: '2/2025', body: 'general_meeting', sequence: 2, year: 2025 };

export const clusterExample = {
  clusterId: 'wm-kes',
  name: 'Warmińsko-Mazurski Klaster Energii Słonecznej',
  foundedOn: '2014-11-21',
  timeZone: 'Europe/Warsaw',
  revision: '41',
  coordinator: { status: 'held', ...gmina, since: '2014-11-21T11:00:00.000Z', vacantSince: null, previousMemberId: null },
  charter: { ...defaultCharter, version: 1 },
  agreement: { version: 1, title: 'Porozumienie o utworzeniu klastra', textHash: hash('a'), inForceSince: '2014-11-21' },
  members: [
    {
      memberId: 'gmina-olsztyn',
      organisation: { name: 'Gmina Olsztyn', sector: 'local_government' },
      kind: 'ordinary',
      votingWeight: 1,
      status: 'active',
      founding: true,
      admittedOn: '2014-11-21',
      representative: anna,
      representativeHistory: [{ ...anna, from: '2014-11-21' }],
      representativeHistoryTotal: 1,
      representativeHistoryFrom: 0,
      withdrawal: null,
    },
    {
      memberId: 'solar-sp',
      organisation: { name: 'Solar sp. z o.o.', sector: 'business' },
      kind: 'ordinary',
      votingWeight: 1,
      status: 'active',
      founding: true,
      admittedOn: '2014-11-21',
      representative: jan,
      representativeHistory: [{ ...jan, from: '2014-11-21' }],
      representativeHistoryTotal: 1,
      representativeHistoryFrom: 0,
      withdrawal: null,
    },
  ],
  auditors: [{ personId: 'audytor.kowalczyk', since: '2024-01-15T09:00:00.000Z' }],
  registrars: [],
  signatures: [
    { version: 1, textHash: hash('a'), memberId: 'gmina-olsztyn', personId: 'anna.nowak', role: 'Burmistrz', organisation: 'Gmina Olsztyn', signedAt: '2014-11-21T11:00:00.000Z' },
  ],
} satisfies ClusterView;

export const representativesPageExample = {
  clusterId: 'wm-kes',
  memberId: 'solar-sp',
  total: 3,
  cursor: 0,
  entries: [
    { ...jan, from: '2014-11-21', position: 0 },
    { personId: 'ewa.lis', role: 'Prezes zarządu', from: '2019-03-01T10:00:00.000Z', position: 1 },
  ],
  next: 2,
  more: true,
} satisfies RepresentativesPage;

export const clusterListExample = [{ clusterId: 'wm-kes', name: clusterExample.name, foundedOn: '2014-11-21', members: 19 }] satisfies ClusterListItem[];

export const bodiesExample = {
  clusterId: 'wm-kes',
  bodies: [
    {
      body: 'council',
      kind: 'council',
      name: 'Rada Klastra',
      groupId: null,
      status: 'active',
      members: [
        { memberId: 'gmina-olsztyn', organisation: 'Gmina Olsztyn', sector: 'local_government', kind: 'ordinary', representative: anna, votes: true, weight: 1 },
        { memberId: 'uwm', organisation: 'Uniwersytet Warmińsko-Mazurski', sector: 'research_university', kind: 'honorary', representative: { personId: 'ewa.lis', role: 'Prorektor' }, votes: false, weight: 0 },
      ],
      voting: 1,
    },
  ],
  pointInTime: { asOf: '2015-03-01' },
} satisfies BodiesView;

export const currentAgreementExample = {
  version: 1,
  title: 'Porozumienie o utworzeniu klastra',
  sections,
  textHash: hash('a'),
  inForceSince: '2014-11-21',
  signingMessage: `klaster-agreement:wm-kes:v1:${hash('a')}`,
} satisfies CurrentAgreementView;

export const agreementVersionsExample = [
  { version: 1, title: 'Porozumienie o utworzeniu klastra', sections, textHash: hash('a'), inForceSince: '2014-11-21', amendment: null, diff: null },
] satisfies AgreementVersionView[];

export const amendmentsExample = [
  {
    amendmentId: 'zm-2024-1',
    baseVersion: 1,
    change: { kind: 'replace', section: '§ 2', title: 'Organy', text: 'Organami klastra są Rada Klastra, Ogólne Zebranie Członków i Forum.' },
    rationale: 'Forum zbiera się od 2023 r.; porozumienie powinno je wymieniać.',
    proposedBy: { memberId: 'solar-sp', personId: 'jan.kowalski' },
    proposedAt: '2024-03-01T10:00:00.000Z',
    status: 'proposed',
  },
] satisfies AmendmentView[];

export const annualCyclesExample = [
  {
    year: 2024,
    report: { documentHash: hash('b'), title: 'Sprawozdanie z działalności klastra za 2024 r.', submittedAt: '2025-03-15T09:00:00.000Z' },
    absolution: { meetingId: 'wm-kes.walne-2025', voteId: 'absolutorium', resolution: absolution, granted: true },
  },
] satisfies AnnualCycleView[];

export const complianceExample = {
  clusterId: 'wm-kes',
  year: 2025,
  at: '2025-07-02T08:00:00.000Z',
  council: {
    intervalMonths: 3,
    periods: [
      { period: 'Q1', from: '2025-01-01', to: '2025-03-31', status: 'met', councilMeetings: [{ meetingId: 'wm-kes.rada-2025-1', title: 'Posiedzenie Rady', scheduledFor: '2025-02-12T10:00:00.000Z', status: 'closed' }] },
      { period: 'Q2', from: '2025-04-01', to: '2025-06-30', status: 'missed', councilMeetings: [] },
      { period: 'Q3', from: '2025-07-01', to: '2025-09-30', status: 'in_progress', councilMeetings: [] },
    ],
    periodsWithoutCouncilMeeting: ['Q2'],
    compliant: false,
  },
  groupsBelowMinimumSize: [],
  yearsWithoutAbsolution: [{ year: 2023, absolution: 'not_recorded', resolution: null }],
  overdueTasks: [],
} satisfies ComplianceView;

export const inboxExample = {
  personId: 'jan.kowalski',
  at: '2025-04-10T10:30:00.000Z',
  votes: [
    {
      clusterId: 'wm-kes',
      meetingId: 'wm-kes.walne-2025',
      meetingTitle: 'Ogólne Zebranie Członków 2025',
      meetingKind: 'general',
      voteId: 'absolutorium',
      motion: 'Udziela się Koordynatorowi absolutorium za 2024 r.',
      secrecy: 'secret',
      decisionKind: 'absolution',
      memberId: 'solar-sp',
      organisation: 'Solar sp. z o.o.',
      as: 'representative',
    },
  ],
  tasks: [],
} satisfies InboxView;

export const meetingExample = {
  meetingId: 'wm-kes.walne-2025',
  clusterId: 'wm-kes',
  kind: 'general',
  groupId: null,
  title: 'Ogólne Zebranie Członków 2025',
  scheduledFor: '2025-04-10T08:00:00.000Z',
  status: 'closed',
  convenedBy: 'anna.nowak',
  revision: '23',
  agenda: [{ itemId: 'absolutorium', title: 'Absolutorium dla Koordynatora' }],
  attendance: [{ memberId: 'solar-sp', personId: 'jan.kowalski', presence: 'in_person', at: '2025-04-10T08:05:00.000Z' }],
  proxies: [],
  votes: [
    {
      voteId: 'absolutorium',
      agendaItemId: 'absolutorium',
      motion: 'Udziela się Koordynatorowi absolutorium za 2024 r.',
      secrecy: 'secret',
      decisionKind: 'absolution',
      subject: { kind: 'absolution', year: 2024 },
      rule: { quorum: { kind: 'none' }, majority: 'simple' },
      charterVersion: 1,
      status: 'closed',
      ballotsCast: 3,
      voted: ['gmina-olsztyn', 'solar-sp', 'coop-slonce'],
      ballots: null,
      result: {
        resolution: absolution,
        outcome: 'adopted',
        tally: { yes: 2, no: 0, abstain: 1 },
        quorum: { entitled: 3, present: 3, reached: true },
        entitledVoters: [
          { memberId: 'gmina-olsztyn', weight: 1 },
          { memberId: 'solar-sp', weight: 1 },
          { memberId: 'coop-slonce', weight: 1 },
        ],
      },
    },
  ],
  minutes: { version: 0, text: '', status: 'none' },
} satisfies MeetingView;

export const meetingListExample = [
  { meetingId: 'wm-kes.walne-2025', clusterId: 'wm-kes', kind: 'general', groupId: null, title: 'Ogólne Zebranie Członków 2025', scheduledFor: '2025-04-10T08:00:00.000Z', status: 'closed', revision: '23', votes: 1, openVotes: 0 },
] satisfies MeetingSummary[];

export const registerExample = [
  { body: 'general_meeting', year: 2025, sequence: 1, number: '1/2025', meetingId: 'wm-kes.walne-2025', electionId: 'wm-kes.lider-2025' },
  { body: 'general_meeting', year: 2025, sequence: 2, number: '2/2025', meetingId: 'wm-kes.walne-2025', voteId: 'absolutorium' },
] satisfies RegisterEntry[];

export const resolutionExample = {
  clusterId: 'wm-kes',
  body: 'general_meeting',
  number: '2/2025',
  year: 2025,
  sequence: 2,
  position: '1234',
  passedOn: '2025-04-10',
  occurredAt: '2025-04-10T09:12:00.000Z',
  recordedAt: '2025-04-10T09:12:00.000Z',
  meeting: { meetingId: 'wm-kes.walne-2025', kind: 'general', title: 'Ogólne Zebranie Członków 2025', scheduledFor: '2025-04-10T08:00:00.000Z', status: 'closed' },
  vote: {
    voteId: 'absolutorium',
    motion: 'Udziela się Koordynatorowi absolutorium za 2024 r.',
    secrecy: 'secret',
    decisionKind: 'absolution',
    rule: { quorum: { kind: 'none' }, majority: 'simple' },
    status: 'closed',
    outcome: 'adopted',
    tally: { yes: 2, no: 0, abstain: 1 },
    quorum: { entitled: 3, present: 3, reached: true },
    ballots: null,
  },
  election: null,
  charter: { ...defaultCharter, version: 1 },
  agreement: { version: 1, title: 'Porozumienie o utworzeniu klastra', textHash: hash('a'), inForceSince: '2014-11-21' },
  latestAgreementVersion: 1,
} satisfies ResolutionView;

export const groupExample = {
  groupId: 'wm-kes.magazyny',
  clusterId: 'wm-kes',
  name: 'Grupa robocza ds. magazynowania energii',
  purpose: 'Przygotować wspólny wniosek o dofinansowanie magazynów energii.',
  deadline: '2025-12-31',
  requestedBy: { kind: 'members', memberIds: ['solar-sp', 'coop-slonce'] },
  requestedAt: '2025-01-20T10:00:00.000Z',
  revision: '7',
  status: 'active',
  active: true,
  memberCount: 3,
  minimumGroupSize: 3,
  members: [{ memberId: 'solar-sp', organisation: 'Solar sp. z o.o.', kind: 'ordinary', clusterStatus: 'active', joinedAt: '2025-01-20T10:00:00.000Z' }],
  membershipHistory: [{ memberId: 'solar-sp', joinedAt: '2025-01-20T10:00:00.000Z' }],
  activity: [{ active: true, at: '2025-01-20T10:00:00.000Z', memberCount: 3, minimumGroupSize: 3 }],
  leader: { personId: 'jan.kowalski', memberId: 'solar-sp', since: '2025-01-21T09:00:00.000Z' },
  conditions: null,
  tasks: [
    { taskId: 'analiza', title: 'Analiza zużycia energii w gminie', responsibleMemberId: 'gmina-olsztyn', deadline: '2025-06-30', addedAt: '2025-01-21T09:30:00.000Z', completedAt: null, reassignments: [], overdue: true },
  ],
  dissolved: null,
  asOf: '2025-07-02T08:00:00.000Z',
} satisfies GroupView;

export const groupListExample = [
  { groupId: 'wm-kes.magazyny', name: groupExample.name, deadline: '2025-12-31', status: 'active', memberCount: 3, minimumGroupSize: 3, leaderPersonId: 'jan.kowalski', openTasks: 1, overdueTasks: 1 },
] satisfies GroupSummary[];

export const electionExample = {
  electionId: 'wm-kes.lider-2025',
  clusterId: 'wm-kes',
  meetingId: 'wm-kes.walne-2025',
  reason: 'Koordynator wystąpił z klastra',
  status: 'elected',
  revision: '12',
  charterVersion: 1,
  rule: { quorum: { kind: 'fraction_of_members', fraction: 0.5 }, majority: 'absolute_of_cast' },
  weightedVoting: false,
  calledBy: 'jan.kowalski',
  calledAt: '2025-04-10T08:10:00.000Z',
  candidates: [{ memberId: 'solar-sp', order: 1, nominatedBy: 'piotr.wisniewski', status: 'accepted' }],
  rounds: [
    {
      round: 1,
      kind: 'normal',
      candidates: ['solar-sp'],
      repeatOf: null,
      status: 'closed',
      ballotsCast: 3,
      ballots: [
        { memberId: 'solar-sp', castBy: 'jan.kowalski', candidateMemberId: 'solar-sp', weight: 1 },
        { memberId: 'coop-slonce', castBy: 'piotr.wisniewski', candidateMemberId: 'solar-sp', weight: 1 },
        { memberId: 'gmina-olsztyn', castBy: 'anna.nowak', candidateMemberId: null, weight: 1 },
      ],
      result: {
        counts: [{ memberId: 'solar-sp', votes: 2 }],
        abstain: 1,
        cast: 3,
        ballots: 3,
        quorum: { entitled: 3, present: 3, reached: true },
        outcome: 'elected',
        entitledVoters: [
          { memberId: 'gmina-olsztyn', weight: 1 },
          { memberId: 'solar-sp', weight: 1 },
          { memberId: 'coop-slonce', weight: 1 },
        ],
        closedAt: '2025-04-10T08:40:00.000Z',
      },
    },
  ],
  resolution: { number: '1/2025', body: 'general_meeting', sequence: 1, year: 2025 },
  result: { outcome: 'elected', memberId: 'solar-sp', round: 1, votes: 2, at: '2025-04-10T08:40:00.000Z' },
} satisfies ElectionView;

export const personExample = { personId: 'jan.kowalski', displayName: 'Jan Kowalski', email: 'jan@solar.example', phone: null, erasedAt: null } satisfies PersonView;

export const commandAnswerExample = {
  id: 'wm-kes.walne-2025',
  streamId: 'meeting-wm-kes.walne-2025',
  revision: '24',
  position: '1236',
  events: ['VoteClosed'],
  consequences: [
    { id: 'wm-kes', streamId: 'resolutions-wm-kes', revision: '5', position: '1235', events: ['ResolutionNumberAssigned'] },
    { id: 'wm-kes.walne-2025', streamId: 'meeting-wm-kes.walne-2025', revision: '24', position: '1236', events: ['ResolutionNumbered'] },
  ],
} satisfies CommandResponseBody;

/** One example error per status the API answers. */
export const errorExamples = {
  '400': {
    statusCode: 400,
    code: 'invalid_request',
    error: 'invalid_request',
    message: 'The request is not valid: admittedOn: Invalid ISO date',
    issues: [{ path: ['admittedOn'], message: 'Invalid ISO date', code: 'invalid_format' }],
  },
  '401': { statusCode: 401, code: 'unauthorized', error: 'UnauthorizedException', message: 'A bearer token is required' },
  '403': { statusCode: 403, code: 'forbidden', error: 'forbidden', message: 'Only the coordinator may convene a council meeting' },
  '404': { statusCode: 404, code: 'not_found', error: 'not_found', message: "No cluster 'wm-kes'" },
  '409': { statusCode: 409, code: 'already_voted', error: 'conflict', message: 'Member solar-sp has already voted; correct the ballot instead' },
  '412': { statusCode: 412, code: 'stale_revision', error: 'precondition_failed', message: 'The record is at revision 42, not 41 (If-Match): reload and try again' },
  '413': { statusCode: 413, code: 'payload_too_large', error: 'too_large', message: 'The request body is larger than 1 MB' },
  '415': { statusCode: 415, code: 'unsupported_media_type', error: 'unsupported_media_type', message: 'The body must be JSON (application/json) in UTF-8' },
  '422': { statusCode: 422, code: 'rule_broken', error: 'rule_broken', message: 'The vote is closed' },
  '429': { statusCode: 429, code: 'rate_limited', error: 'rate_limited', message: 'Too many requests; try again in 12 s' },
  '503': { statusCode: 503, code: 'read_models_behind', error: 'read_models_behind', message: 'The read models have not reached position 42 within 5000 ms (they are at 40); try again in a moment' },
} satisfies Record<string, ErrorBody>;
