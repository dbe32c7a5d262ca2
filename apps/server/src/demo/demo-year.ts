import { createHash } from 'node:crypto';
import type { CommandBus } from '@nestjs/cqrs';
import { qualifiedId, type ClusterCommand, type Choice } from '@klaster/domain';
import { ExecuteClusterCommand } from '../clusters/commands/execute-cluster-command';
import { ExecuteGroupCommand, type GroupCommandRequest } from '../groups/commands/execute-group-command';
import { ExecuteMeetingCommand, type MeetingRequest } from '../meetings/commands/execute-meeting-command';
import { SEED_004_CLUSTER_ID as CLUSTER, SEED_004_COORDINATOR, seed004Signatories } from './seed-004';

const COORDINATOR = SEED_004_COORDINATOR.personId;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const personOf = (memberId: string) => seed004Signatories.find((s) => s.memberId === memberId)!.personId;
/** Fourteen of the nineteen attend each meeting: enough for a one-half quorum. */
const attending = seed004Signatories.slice(0, 14).map((s) => s.memberId);

/**
 * The demo's first full year (2015) and the general meeting of March 2016: quarterly council meetings,
 * resolutions, an amendment, the annual cycle and two working groups with tasks, each act at its date.
 */
export async function loadDemoYear(bus: CommandBus): Promise<void> {
  // A fixed idempotency key per act: loading twice writes nothing new.
  const opts = (key: string, actor: string) => ({ actor, correlationId: 'demo-seed-004', idempotencyKey: `demo-004:${key}` });
  const cluster = (key: string, c: ClusterCommand) => bus.execute(new ExecuteClusterCommand(c, opts(key, c.actor)));
  // Meetings and groups are named inside the cluster (`rada-2015-q1` is `wm-kes.rada-2015-q1`).
  const meeting = (key: string, r: MeetingRequest) => bus.execute(new ExecuteMeetingCommand({ ...r, meetingId: qualifiedId(CLUSTER, r.meetingId) }, opts(key, r.actor)));
  const group = (key: string, r: GroupCommandRequest) => bus.execute(new ExecuteGroupCommand({ ...r, groupId: qualifiedId(CLUSTER, r.groupId) }, opts(key, r.actor)));

  async function hold(meetingId: string, kind: 'council' | 'general', at: string, title: string, votes: { voteId: string; motion: string; vote?: object; no?: number }[]) {
    const m = { meetingId, actor: COORDINATOR, at };
    await meeting(`${meetingId}:convene`, { ...m, type: 'ConveneMeeting', clusterId: CLUSTER, kind, title, scheduledFor: at, venue: { mode: 'in_person', place: 'Olsztyn, ul. Kołobrzeska 1' }, agenda: [{ itemId: 'uchwaly', title: 'Podjęcie uchwał' }] });
    await meeting(`${meetingId}:open`, { ...m, type: 'OpenMeeting' });
    for (const memberId of attending) {
      await meeting(`${meetingId}:present:${memberId}`, { ...m, type: 'RecordAttendance', memberId, presence: 'in_person' });
    }
    for (const v of votes) {
      await meeting(`${meetingId}:${v.voteId}:open`, { ...m, type: 'OpenVote', voteId: v.voteId, agendaItemId: 'uchwaly', motion: v.motion, secrecy: 'named', decisionKind: 'ordinary_resolution', subject: { kind: 'general' }, ...v.vote });
      for (const [i, memberId] of attending.entries()) {
        const choice: Choice = i < (v.no ?? 0) ? 'no' : 'yes';
        await meeting(`${meetingId}:${v.voteId}:${memberId}`, { ...m, actor: personOf(memberId), type: 'CastBallot', voteId: v.voteId, memberId, choice });
      }
      await meeting(`${meetingId}:${v.voteId}:close`, { ...m, type: 'CloseVote', voteId: v.voteId });
    }
    await meeting(`${meetingId}:close`, { ...m, type: 'CloseMeeting' });
  }

  const quarters = ['2015-03-12', '2015-06-11', '2015-09-10', '2015-12-10'];
  const councilMotions = ['Regulamin Rady Klastra', 'Kalendarz targów ekonomii społecznej', 'Wspólna oferta dla samorządów', 'Budżet promocji na 2016 r.'];
  for (const [q, day] of quarters.entries()) {
    await hold(`rada-2015-q${q + 1}`, 'council', `${day}T10:00:00.000Z`, `Posiedzenie Rady Klastra — ${q + 1}. kwartał 2015`, [
      { voteId: 'u1', motion: councilMotions[q], no: q === 2 ? 3 : 0 },
    ]);
  }

  const gmAt = '2016-03-15T10:00:00.000Z';
  await cluster('report-2015', { type: 'SubmitAnnualReport', clusterId: CLUSTER, year: 2015, documentHash: sha('Sprawozdanie z działalności Klastra 2015'), title: 'Sprawozdanie z działalności Klastra za 2015 r.', actor: COORDINATOR, at: '2016-02-20T10:00:00.000Z' });
  await cluster('amendment-1', {
    type: 'ProposeAmendment',
    clusterId: CLUSTER,
    amendmentId: 'czlonkowie-honorowi',
    memberId: 'szansa',
    change: { kind: 'add', section: '§ 6', title: 'Członkowie honorowi', text: 'Rada Klastra może nadać status członka honorowego. Członkowie honorowi uczestniczą w Ogólnym Zebraniu Członków bez prawa głosu.' },
    rationale: 'Umożliwienie udziału samorządów wspierających Klaster.',
    actor: personOf('szansa'),
    at: '2016-02-25T10:00:00.000Z',
  });
  await hold('ozc-2016', 'general', gmAt, 'Ogólne Zebranie Członków 2016', [
    { voteId: 'sprawozdanie', motion: 'Przyjęcie sprawozdania za 2015 r.', vote: { decisionKind: 'report_acceptance', subject: { kind: 'report_acceptance', year: 2015 } } },
    { voteId: 'absolutorium', motion: 'Udzielenie absolutorium Koordynatorowi za 2015 r.', vote: { decisionKind: 'absolution', subject: { kind: 'absolution', year: 2015 } }, no: 1 },
    { voteId: 'plan', motion: 'Plan działań na 2016 r.', vote: { decisionKind: 'action_plan', subject: { kind: 'action_plan', year: 2016 } } },
    { voteId: 'zmiana', motion: 'Zmiana porozumienia: § 6 Członkowie honorowi', vote: { decisionKind: 'amendment', subject: { kind: 'amendment', amendmentId: 'czlonkowie-honorowi' } }, no: 2 },
  ]);
  const byGm = (voteId: string) => ({ clusterId: CLUSTER, meetingId: 'ozc-2016', voteId, actor: COORDINATOR, at: gmAt });
  await cluster('report-2015:decision', { type: 'RecordReportDecision', year: 2015, ...byGm('sprawozdanie') });
  await cluster('absolution-2015', { type: 'RecordAbsolution', year: 2015, ...byGm('absolutorium') });
  await cluster('plan-2016', { type: 'RecordActionPlan', year: 2016, documentHash: sha('Plan działań Klastra 2016'), ...byGm('plan') });
  await cluster('amendment-1:adopt', { type: 'AdoptAmendment', amendmentId: 'czlonkowie-honorowi', effectiveOn: '2016-04-01', ...byGm('zmiana') });

  await workingGroup(group, 'promocja', 'Grupa Robocza ds. Promocji', 'Wspólna marka i stoisko na targach', '2016-06-30', ['szansa', 'marzenia', 'tmb', 'warmax'], [
    { taskId: 'katalog', title: 'Katalog produktów i usług członków', responsible: 'marzenia', deadline: '2015-10-31', done: true },
    { taskId: 'targi', title: 'Stoisko na Targach Ekonomii Społecznej', responsible: 'tmb', deadline: '2016-05-15' },
  ]);
  await workingGroup(group, 'zamowienia', 'Grupa Robocza ds. Zamówień Publicznych', 'Klauzule społeczne w zamówieniach gmin', '2016-12-31', ['cwss-mops', 'dar', 'wama-coop'], [
    { taskId: 'przeglad', title: 'Przegląd przetargów gmin regionu', responsible: 'dar', deadline: '2016-03-31' },
  ]);
}

async function workingGroup(
  group: (key: string, r: GroupCommandRequest) => Promise<unknown>,
  groupId: string,
  name: string,
  purpose: string,
  deadline: string,
  members: string[],
  tasks: { taskId: string; title: string; responsible: string; deadline: string; done?: boolean }[],
) {
  const founder = personOf(members[0]);
  const at = '2015-04-02T10:00:00.000Z';
  await group(`group:${groupId}`, { type: 'RequestGroup', groupId, clusterId: CLUSTER, name, purpose, deadline, requestedBy: { kind: 'members', memberIds: [members[0]] }, initialMemberIds: [members[0]], actor: founder, at } as GroupCommandRequest);
  for (const memberId of members.slice(1)) {
    await group(`group:${groupId}:join:${memberId}`, { type: 'JoinGroup', groupId, memberId, actor: personOf(memberId), at } as GroupCommandRequest);
  }
  await group(`group:${groupId}:leader`, { type: 'AppointGroupLeader', groupId, personId: founder, actor: founder, at } as GroupCommandRequest);
  for (const t of tasks) {
    await group(`group:${groupId}:task:${t.taskId}`, { type: 'AddTask', groupId, taskId: t.taskId, title: t.title, responsibleMemberId: t.responsible, deadline: t.deadline, actor: founder, at } as GroupCommandRequest);
    if (t.done) await group(`group:${groupId}:task:${t.taskId}:done`, { type: 'CompleteTask', groupId, taskId: t.taskId, actor: founder, at: `${t.deadline}T12:00:00.000Z` } as GroupCommandRequest);
  }
}
