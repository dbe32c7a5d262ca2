import { agreementTextHash, agreementTextSchema, clusterCommandBodies } from '@klaster/domain';
import { SEED_004_CLUSTER_ID as C, seed004Founding, seed004Signatories } from '../seed-004';
import { HistoryFile, polishDate, sha256 } from './history-file';

/**
 * The seed-004 agreement's history (W-M Klaster Ekonomii Społecznej): its founding and the 19 signatures of
 * 21 November 2014, the auditor, and the years 2015–2017 — quarterly councils, general meetings with the
 * annual cycle (report, absolution, action plan), an amendment, two working groups. Recent votes are
 * recorded ballot by ballot; the others from their minutes, by counts only.
 */
export function seed004History(): string {
  const h = new HistoryFile('Europe/Warsaw');
  const personOf = (m: string) => seed004Signatories.find((s) => s.memberId === m)!.personId;
  /** Fourteen of the nineteen attend each meeting: enough for a one-half quorum. */
  const attending = seed004Signatories.slice(0, 14).map((s) => s.memberId);

  const AGREEMENT = 'Porozumienie o współpracy w ramach W-M Klastra Ekonomii Społecznej z 21.11.2014';
  h.act('FoundCluster', {}, { ...seed004Founding, occurredAt: '2014-11-21', reference: AGREEMENT });
  const textHash = agreementTextHash(agreementTextSchema.parse(clusterCommandBodies.FoundCluster.parse(seed004Founding).agreement));
  for (const { memberId } of seed004Signatories) h.act('SignAgreement', { clusterId: C, memberId }, { textHash, occurredAt: '2014-11-21', reference: AGREEMENT });
  h.act('AppointAuditor', { clusterId: C }, { personId: 'zofia-audytor', occurredAt: '2015-01-15', reference: 'Pismo Koordynatora nr 1/2015 z 15.01.2015' });

  type Vote = { voteId: string; motion: string; kind?: string; subject?: object; counts?: [number, number, number, number]; no?: number };
  function meeting(id: string, kind: 'council' | 'general', day: string, title: string, nr: string, votes: Vote[], convenedOn: string) {
    const mt = `${C}.${id}`;
    const minutes = `Protokół nr ${nr}`;
    const named = votes.some((v) => !v.counts);
    h.act('ConveneMeeting', { clusterId: C }, { meetingId: id, kind, title, scheduledFor: h.local(day, '10:00'), venue: { mode: 'in_person', place: 'Olsztyn, ul. Kołobrzeska 1' }, agenda: [{ itemId: 'uchwaly', title: 'Podjęcie uchwał' }], occurredAt: convenedOn, reference: `Zawiadomienie o zwołaniu z ${polishDate(convenedOn)}` });
    h.act('OpenMeeting', { meetingId: mt }, { occurredAt: h.local(day, '10:00'), reference: minutes });
    if (named) for (const memberId of attending) h.act('RecordAttendance', { meetingId: mt }, { memberId, presence: 'in_person', occurredAt: h.local(day, '10:05'), reference: `Lista obecności do protokołu nr ${nr}` });
    let minute = 15;
    const t = () => {
      minute += 5;
      return h.local(day, `${String(10 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`);
    };
    for (const v of votes) {
      h.act('OpenVote', { meetingId: mt }, { voteId: v.voteId, agendaItemId: 'uchwaly', motion: v.motion, secrecy: 'named', decisionKind: v.kind ?? 'ordinary_resolution', subject: v.subject ?? { kind: 'general' }, occurredAt: t(), reference: minutes });
      if (v.counts) {
        const [yes, no, abstain, present] = v.counts;
        h.act('RecordVoteCounts', { meetingId: mt, voteId: v.voteId }, { counts: { yes, no, abstain, present }, minutes, occurredAt: t(), reference: minutes });
      } else {
        const when = t();
        for (const [i, memberId] of attending.entries()) h.act('CastBallot', { meetingId: mt, voteId: v.voteId }, { memberId, choice: i < (v.no ?? 0) ? 'no' : 'yes', occurredAt: when, reference: minutes });
        h.act('CloseVote', { meetingId: mt, voteId: v.voteId }, { occurredAt: t(), reference: minutes });
      }
    }
    h.act('CloseMeeting', { meetingId: mt }, { occurredAt: h.local(day, '12:30'), reference: minutes });
  }
  const byGm = (meetingId: string, voteId: string, day: string, nr: string) => ({ meetingId, voteId, occurredAt: h.local(day, '12:30'), reference: `Protokół nr ${nr}` });
  function annualCycle(year: number, gm: string, day: string, nr: string) {
    h.act('RecordReportDecision', { clusterId: C, year }, byGm(gm, `sprawozdanie-${year}`, day, nr));
    h.act('RecordAbsolution', { clusterId: C, year }, byGm(gm, `absolutorium-${year}`, day, nr));
    h.act('RecordActionPlan', { clusterId: C, year: year + 1 }, { documentHash: sha256(`Plan działań Klastra ${year + 1}`), ...byGm(gm, `plan-${year + 1}`, day, nr) });
  }
  const cycleVotes = (year: number, counts?: { report: [number, number, number, number]; absolution: [number, number, number, number]; plan: [number, number, number, number] }, no = { absolution: 1 }): Vote[] => [
    { voteId: `sprawozdanie-${year}`, motion: `Przyjęcie sprawozdania Koordynatora z działalności Klastra za ${year} r.`, kind: 'report_acceptance', subject: { kind: 'report_acceptance', year }, counts: counts?.report },
    { voteId: `absolutorium-${year}`, motion: `Udzielenie Koordynatorowi absolutorium za ${year} r.`, kind: 'absolution', subject: { kind: 'absolution', year }, counts: counts?.absolution, no: no.absolution },
    { voteId: `plan-${year + 1}`, motion: `Przyjęcie planu działań Klastra na ${year + 1} r.`, kind: 'action_plan', subject: { kind: 'action_plan', year: year + 1 }, counts: counts?.plan },
  ];
  const report = (year: number, day: string) =>
    h.act('SubmitAnnualReport', { clusterId: C }, { year, documentHash: sha256(`Sprawozdanie z działalności Klastra ${year}`), title: `Sprawozdanie z działalności Klastra za ${year} r.`, occurredAt: day, reference: `Pismo Koordynatora z ${polishDate(day)}` });

  // 2015
  report(2014, '2015-03-02');
  meeting('rada-2015-q1', 'council', '2015-03-12', 'Posiedzenie Rady Klastra — 1. kwartał 2015', '1/2015/RK', [{ voteId: 'u1', motion: 'Regulamin Rady Klastra' }], '2015-03-02');
  meeting('ozc-2015', 'general', '2015-03-26', 'Ogólne Zebranie Członków 2015', '1/2015/OZC', cycleVotes(2014, { report: [16, 0, 1, 17], absolution: [15, 0, 2, 17], plan: [17, 0, 0, 17] }), '2015-03-05');
  annualCycle(2014, 'ozc-2015', '2015-03-26', '1/2015/OZC');

  // Working groups, requested by members on 2 April 2015.
  function workingGroup(groupId: string, name: string, purpose: string, deadline: string, members: string[], tasks: { taskId: string; title: string; responsible: string; deadline: string; done?: string }[]) {
    const founder = personOf(members[0]);
    const g = `${C}.${groupId}`;
    const ref = `Wniosek o utworzenie grupy roboczej z 2.04.2015`;
    h.act('RequestGroup', { clusterId: C }, { groupId, name, purpose, deadline, requestedBy: { kind: 'members', memberIds: [members[0]] }, initialMemberIds: [members[0]], occurredAt: '2015-04-02', reference: ref, actedBy: founder });
    for (const memberId of members.slice(1)) h.act('JoinGroup', { groupId: g }, { memberId, occurredAt: '2015-04-02', reference: ref });
    h.act('AppointGroupLeader', { groupId: g }, { personId: founder, occurredAt: '2015-04-02', reference: ref, actedBy: founder });
    for (const t of tasks) h.act('AddTask', { groupId: g }, { taskId: t.taskId, title: t.title, responsibleMemberId: t.responsible, deadline: t.deadline, occurredAt: '2015-04-02', reference: ref, actedBy: founder });
  }
  workingGroup('promocja', 'Grupa Robocza ds. Promocji', 'Wspólna marka i stoisko na targach', '2016-06-30', ['szansa', 'marzenia', 'tmb', 'warmax'], [
    { taskId: 'katalog', title: 'Katalog produktów i usług członków', responsible: 'marzenia', deadline: '2015-10-31' },
    { taskId: 'targi', title: 'Stoisko na Targach Ekonomii Społecznej', responsible: 'tmb', deadline: '2016-05-15' },
  ]);
  workingGroup('zamowienia', 'Grupa Robocza ds. Zamówień Publicznych', 'Klauzule społeczne w zamówieniach gmin', '2016-12-31', ['cwss-mops', 'dar', 'wama-coop'], [
    { taskId: 'przeglad', title: 'Przegląd przetargów gmin regionu', responsible: 'dar', deadline: '2016-03-31' },
  ]);
  meeting('rada-2015-q2', 'council', '2015-06-11', 'Posiedzenie Rady Klastra — 2. kwartał 2015', '2/2015/RK', [{ voteId: 'u1', motion: 'Kalendarz targów ekonomii społecznej', no: 0 }], '2015-06-01');
  meeting('rada-2015-q3', 'council', '2015-09-10', 'Posiedzenie Rady Klastra — 3. kwartał 2015', '3/2015/RK', [{ voteId: 'u1', motion: 'Wspólna oferta dla samorządów', counts: [11, 3, 0, 14] }], '2015-09-01');
  h.act('CompleteTask', { groupId: `${C}.promocja`, taskId: 'katalog' }, { occurredAt: '2015-10-30', reference: 'Sprawozdanie Grupy Roboczej ds. Promocji z 30.10.2015', actedBy: personOf('szansa') });
  meeting('rada-2015-q4', 'council', '2015-12-10', 'Posiedzenie Rady Klastra — 4. kwartał 2015', '4/2015/RK', [{ voteId: 'u1', motion: 'Budżet promocji na 2016 r.', counts: [13, 0, 1, 14] }], '2015-12-01');

  // 2016
  report(2015, '2016-02-20');
  h.act('ProposeAmendment', { clusterId: C }, {
    amendmentId: 'czlonkowie-honorowi',
    memberId: 'szansa',
    change: { kind: 'add', section: '§ 6', title: 'Członkowie honorowi', text: 'Rada Klastra może nadać status członka honorowego. Członkowie honorowi uczestniczą w Ogólnym Zebraniu Członków bez prawa głosu.' },
    rationale: 'Umożliwienie udziału samorządów wspierających Klaster.',
    occurredAt: '2016-02-25',
    reference: 'Wniosek „SZANSA” z 25.02.2016',
  });
  meeting('ozc-2016', 'general', '2016-03-15', 'Ogólne Zebranie Członków 2016', '1/2016/OZC', [
    ...cycleVotes(2015),
    { voteId: 'zmiana', motion: 'Zmiana porozumienia: § 6 Członkowie honorowi', kind: 'amendment', subject: { kind: 'amendment', amendmentId: 'czlonkowie-honorowi' }, no: 2 },
  ], '2016-02-26');
  annualCycle(2015, 'ozc-2016', '2016-03-15', '1/2016/OZC');
  h.act('AdoptAmendment', { clusterId: C, amendmentId: 'czlonkowie-honorowi' }, { meetingId: 'ozc-2016', voteId: 'zmiana', effectiveOn: '2016-04-01', occurredAt: h.local('2016-03-15', '12:30'), reference: 'Protokół nr 1/2016/OZC' });
  meeting('rada-2016-q2', 'council', '2016-06-09', 'Posiedzenie Rady Klastra — 2. kwartał 2016', '1/2016/RK', [{ voteId: 'u1', motion: 'Udział Klastra w Targach Ekonomii Społecznej 2016', counts: [12, 1, 1, 14] }], '2016-06-01');
  meeting('rada-2016-q3', 'council', '2016-09-15', 'Posiedzenie Rady Klastra — 3. kwartał 2016', '2/2016/RK', [{ voteId: 'u1', motion: 'Wspólny wniosek o dofinansowanie szkoleń', counts: [13, 0, 0, 13] }], '2016-09-05');
  meeting('rada-2016-q4', 'council', '2016-12-08', 'Posiedzenie Rady Klastra — 4. kwartał 2016', '3/2016/RK', [{ voteId: 'u1', motion: 'Projekt planu działań na 2017 r.', counts: [12, 0, 2, 14] }], '2016-11-28');

  // 2017
  report(2016, '2017-02-20');
  meeting('rada-2017-q1', 'council', '2017-03-02', 'Posiedzenie Rady Klastra — 1. kwartał 2017', '1/2017/RK', [{ voteId: 'u1', motion: 'Opinia Rady o sprawozdaniu Koordynatora za 2016 r.', counts: [14, 0, 0, 14] }], '2017-02-20');
  meeting('ozc-2017', 'general', '2017-03-16', 'Ogólne Zebranie Członków 2017', '1/2017/OZC', cycleVotes(2016, { report: [15, 1, 0, 16], absolution: [14, 1, 1, 16], plan: [16, 0, 0, 16] }), '2017-02-27');
  annualCycle(2016, 'ozc-2017', '2017-03-16', '1/2017/OZC');
  meeting('rada-2017-q2', 'council', '2017-06-08', 'Posiedzenie Rady Klastra — 2. kwartał 2017', '2/2017/RK', [{ voteId: 'u1', motion: 'Wspólna oferta cateringowa członków dla urzędów', counts: [11, 2, 1, 14] }], '2017-05-29');
  return h.text();
}
