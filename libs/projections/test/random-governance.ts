/**
 * A long, random but reproducible life of a few clusters, driven through the real deciders exactly as
 * the server's command handlers drive them (load the facts from other streams, executeOnStream on the
 * aggregate's stream, resolution numbers from the register), so the log it leaves is a real one.
 * Commands the domain refuses are counted and skipped: a refusal writes nothing.
 */
import {
  clusterDecider,
  clusterStreamId,
  currentAgreement,
  currentCharter,
  isPresent,
  defaultCharter,
  electionDecider,
  electionMeetingFacts,
  electionStreamId,
  groupClusterFacts,
  groupDecider,
  groupMemberIds,
  groupStreamId,
  meetingClusterFacts,
  meetingDecider,
  meetingStreamId,
  lastRound,
  parseClusterEvent,
  parseElectionEvent,
  parseGroupEvent,
  parseMeetingEvent,
  Rejection,
  resolutionFacts,
  type Choice,
  type ClusterCommand,
  type ClusterState,
  type ElectionCommand,
  type ElectionState,
  type GroupCommand,
  type GroupState,
  type MeetingCommand,
  type MeetingState,
} from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { executeOnStream, load } from '../../../apps/server/src/command-handling/execute-on-stream';
import { reactions } from '../../../apps/server/src/reactors/reactions';

export { seededRandom } from './seeded-random';

export interface ScenarioStats {
  steps: number;
  /** Accepted commands (that wrote at least one event) by command type. */
  accepted: Record<string, number>;
  /** Refused commands by command type. */
  rejected: Record<string, number>;
}

type Action = { weight: number; run: () => Promise<void> };

/** Weighted towards yes, so that some motions (amendments need two thirds) carry. */
const CHOICES: Choice[] = ['yes', 'yes', 'yes', 'yes', 'no', 'no', 'abstain'];
const SECTORS = ['local_government', 'business', 'social_economy', 'research_university', 'business_support', 'other'] as const;

export class RandomGovernance {
  readonly stats: ScenarioStats = { steps: 0, accepted: {}, rejected: {} };
  private clock = Date.parse('2019-01-07T09:00:00.000Z');
  private seq = 0;
  /** The last position the reactions have been run for (see react). */
  private reactedUpTo = 0n;
  private readonly clusters: string[] = [];
  private readonly meetings: string[] = [];
  /** Meetings not yet finished, the ones the chairs work on. */
  private readonly active: string[] = [];
  private readonly groups: string[] = [];
  /** Elections not yet decided, the ones their meetings work on. */
  private readonly elections: string[] = [];
  /** Secret ballots are sealed by the server's ballot box; here the "seal" is opaque and the box a map. */
  private readonly ballotBox = new Map<string, Map<string, Choice>>();

  constructor(
    private readonly store: EventStore,
    private readonly random: () => number,
  ) {}

  async run(steps: number): Promise<void> {
    for (let i = 0; i < steps; i++) await this.step();
  }

  async step(): Promise<void> {
    this.stats.steps++;
    this.clock += Math.floor(1 + this.random() * 600) * 60_000;
    const actions: Action[] = [
      { weight: this.clusters.length < 2 ? 50 : this.clusters.length < 5 ? 0.4 : 0, run: () => this.foundCluster() },
      ...(this.clusters.length === 0 ? [] : this.clusterActions()),
      ...(this.meetings.length === 0 ? [] : this.meetingActions()),
      ...(this.groups.length === 0 ? [] : this.groupActions()),
      ...this.electionActions(),
    ];
    const total = actions.reduce((s, a) => s + a.weight, 0);
    let r = this.random() * total;
    for (const a of actions) {
      r -= a.weight;
      if (r <= 0) return a.run();
    }
    return actions[actions.length - 1].run();
  }

  // ---- clusters ----

  private clusterActions(): Action[] {
    return [
      { weight: 0.6, run: () => this.onCluster((c, s) => this.admitMember(c, s)) },
      { weight: 0.7, run: () => this.onCluster((c, s) => this.withdrawMember(c, s)) },
      { weight: 1.5, run: () => this.onCluster((c, s) => this.changeRepresentative(c, s)) },
      { weight: 0.2, run: () => this.onCluster((c, s) => this.appointCoordinator(c, s)) },
      { weight: 3, run: () => this.onCluster(async (c, s) => (this.coordinatorGone(s) ? this.appointCoordinator(c, s) : undefined)) },
      { weight: 0.5, run: () => this.onCluster((c, s) => this.proposeAmendment(c, s)) },
      { weight: this.active.length < 3 ? 4 : 0.5, run: () => this.onCluster((c, s) => this.convene(c, s)) },
      { weight: 1, run: () => this.onCluster((c, s) => this.requestGroup(c, s)) },
    ];
  }

  private async onCluster(fn: (clusterId: string, state: ClusterState) => Promise<void>): Promise<void> {
    const clusterId = this.pick(this.clusters);
    return fn(clusterId, (await this.loadCluster(clusterId)).state);
  }

  private async foundCluster(): Promise<void> {
    const clusterId = `c${this.clusters.length + 1}`;
    const n = 4 + Math.floor(this.random() * 5);
    const members = Array.from({ length: n }, (_, i) => this.newMember(`${clusterId}-m${i + 1}`, i === n - 1 && this.random() < 0.5 ? 'honorary' : 'ordinary'));
    const charter = {
      ...defaultCharter,
      proxiesAllowed: this.random() < 0.6,
      weightedVoting: this.random() < 0.4,
      honoraryMembersAttend: this.random() < 0.8,
      minimumGroupSize: 2 + Math.floor(this.random() * 2),
    };
    const command = {
      type: 'FoundCluster',
      clusterId,
      actor: members[0].representative.personId,
      at: this.at(),
      name: `Klaster ${clusterId}`,
      foundedOn: this.at().slice(0, 10),
      coordinatorMemberId: members[0].memberId,
      foundingMembers: members,
      agreement: {
        title: `Porozumienie klastra ${clusterId}`,
        sections: [
          { number: '§ 1', title: 'Cel', text: 'Współpraca członków klastra.' },
          { number: '§ 2', title: 'Organy', text: 'Rada Klastra i Ogólne Zebranie Członków.' },
        ],
      },
      charter,
    } as ClusterCommand;
    if (await this.cluster(command)) this.clusters.push(clusterId);
  }

  private newMember(memberId: string, kind: 'ordinary' | 'honorary' = 'ordinary') {
    return {
      memberId,
      organisation: { name: `Organizacja ${memberId}`, sector: this.pick(SECTORS) },
      kind,
      votingWeight: 1 + Math.floor(this.random() * 4),
      representative: { personId: `p-${memberId}-${this.seq++}`, role: this.pick(['Prezes', 'Dyrektor', 'Rektor', 'Burmistrz']) },
    };
  }

  private async admitMember(clusterId: string, state: ClusterState): Promise<void> {
    const member = this.newMember(`${clusterId}-m${Object.keys(state.members).length + 1}`, this.random() < 0.15 ? 'honorary' : 'ordinary');
    await this.cluster({ type: 'AdmitMember', clusterId, actor: this.coordinator(state), at: this.at(), admittedOn: this.at().slice(0, 10), ...member } as ClusterCommand);
  }

  private async withdrawMember(clusterId: string, state: ClusterState): Promise<void> {
    const others = Object.values(state.members).filter((m) => m.memberId !== state.coordinatorMemberId);
    const member = this.random() < 0.95 && others.length > 0 ? this.pick(others) : this.pick(Object.values(state.members));
    const actor = this.random() < 0.5 ? member.representative.personId : this.coordinator(state);
    await this.cluster({ type: 'WithdrawMember', clusterId, memberId: member.memberId, actor, at: this.at(), withdrawnOn: this.at().slice(0, 10), writtenNoticeRef: `pismo ${this.seq++}` } as ClusterCommand);
  }

  private async changeRepresentative(clusterId: string, state: ClusterState): Promise<void> {
    const member = this.pick(Object.values(state.members));
    const actor = this.random() < 0.6 ? member.representative.personId : this.coordinator(state);
    const representative = { personId: `p-${member.memberId}-${this.seq++}`, role: this.pick(['Prezes', 'Wiceprezes', 'Pełnomocnik']) };
    await this.cluster({ type: 'ChangeRepresentative', clusterId, memberId: member.memberId, actor, at: this.at(), representative } as ClusterCommand);
  }

  private async appointCoordinator(clusterId: string, state: ClusterState): Promise<void> {
    const member = this.pick(Object.values(state.members));
    // With the coordinator gone, any voting member appoints the next one.
    const voters = Object.values(state.members).filter((m) => m.status === 'active' && m.kind === 'ordinary');
    const actor = this.coordinatorGone(state) && voters.length > 0 ? this.pick(voters).representative.personId : this.coordinator(state);
    await this.cluster({ type: 'AppointCoordinator', clusterId, memberId: member.memberId, actor, at: this.at() } as ClusterCommand);
  }

  private coordinatorGone(state: ClusterState): boolean {
    return state.members[state.coordinatorMemberId]?.status !== 'active';
  }

  private async proposeAmendment(clusterId: string, state: ClusterState): Promise<void> {
    const member = this.pick(Object.values(state.members));
    const sections = currentAgreement(state).sections;
    const change =
      this.random() < 0.6
        ? { kind: 'replace', section: this.pick(sections).number, text: `Nowe brzmienie ${this.seq++}.` }
        : { kind: 'add', section: `§ ${sections.length + 1}`, title: 'Dodany', text: `Nowy paragraf ${this.seq++}.` };
    const charterChange = this.random() < 0.3 ? { proxiesAllowed: this.random() < 0.5 } : undefined;
    await this.cluster({
      type: 'ProposeAmendment',
      clusterId,
      actor: member.representative.personId,
      at: this.at(),
      amendmentId: `${clusterId}-a${this.seq++}`,
      memberId: member.memberId,
      change,
      ...(charterChange ? { charterChange } : {}),
      rationale: 'Dostosowanie do praktyki.',
    } as ClusterCommand);
  }

  /** Records the general meeting's decision on an amendment, once its vote has closed. */
  private async decideAmendment(meeting: MeetingState, voteId: string): Promise<void> {
    const vote = meeting.votes[voteId];
    if (vote.subject.kind !== 'amendment' || !vote.result) return;
    const cluster = (await this.loadCluster(meeting.clusterId)).state;
    const facts = resolutionFacts(meeting, voteId);
    const type = vote.result.outcome === 'adopted' ? 'AdoptAmendment' : 'RejectAmendment';
    await this.cluster({
      type,
      clusterId: meeting.clusterId,
      amendmentId: vote.subject.amendmentId,
      meetingId: meeting.meetingId,
      voteId,
      actor: this.coordinator(cluster),
      at: this.at(),
      ...(type === 'AdoptAmendment' ? { effectiveOn: this.at().slice(0, 10) } : {}),
      ...(facts ? { resolution: facts } : {}),
    } as ClusterCommand);
  }

  // ---- meetings ----

  private async convene(clusterId: string, state: ClusterState): Promise<void> {
    const groups = this.groups.filter((g) => g.startsWith(`${clusterId}-`));
    const kind = groups.length > 0 && this.random() < 0.2 ? 'working_group' : this.pick(['council', 'council', 'general', 'extraordinary_general', 'forum'] as const);
    const meetingId = `${clusterId}-meeting-${this.seq++}`;
    const groupId = kind === 'working_group' ? this.pick(groups) : undefined;
    const ok = await this.meeting({
      type: 'ConveneMeeting',
      meetingId,
      clusterId,
      kind,
      ...(groupId ? { groupId } : {}),
      title: `Posiedzenie ${meetingId}`,
      scheduledFor: new Date(this.clock + 7 * 86_400_000).toISOString(),
      venue: this.random() < 0.5 ? { mode: 'in_person', place: 'Olsztyn' } : { mode: 'hybrid', place: 'Olsztyn', url: 'https://meet.example/k' },
      agenda: [
        { itemId: 'a1', title: 'Uchwały' },
        { itemId: 'a2', title: 'Sprawy różne', description: 'Wolne wnioski' },
      ],
      actor: groupId && this.random() < 0.5 ? this.randomPerson(state) : this.coordinator(state),
      at: this.at(),
    });
    if (ok) this.meetings.push(meetingId);
    if (ok) this.active.push(meetingId);
  }

  private meetingActions(): Action[] {
    return [
      { weight: this.active.length > 0 ? 40 : 0, run: () => this.onMeeting((m, c) => this.advance(m, c)) },
      // Anything at all, in whatever state the meeting is: mostly refused.
      { weight: 2, run: () => this.onMeeting((m, c) => this.pick([this.attendance, this.proxy, this.openVote, this.ballot, this.closeVote, this.minutes, this.closeMeeting]).call(this, m, c)) },
    ];
  }

  /** What a meeting's chair and members would do next, given where the meeting stands. */
  private async advance(meeting: MeetingState, cluster: ClusterState): Promise<void> {
    const r = this.random();
    switch (meeting.status) {
      case 'convened':
        if (r < 0.1) return void (await this.meeting({ type: 'AddAgendaItem', meetingId: meeting.meetingId, itemId: `i${this.seq++}`, title: 'Punkt dodatkowy', ...this.by(cluster) }));
        if (r < 0.14) return void (await this.meeting({ type: 'CancelMeeting', meetingId: meeting.meetingId, reason: 'Brak kworum', ...this.by(cluster) }));
        return void (await this.meeting({ type: 'OpenMeeting', meetingId: meeting.meetingId, ...this.by(cluster) }));
      case 'open': {
        const members = Object.values(cluster.members).filter((m) => m.status === 'active');
        const present = members.filter((m) => isPresent(meeting, m.memberId));
        const open = Object.values(meeting.votes).filter((v) => v.status === 'open');
        const closed = Object.values(meeting.votes).length - open.length;
        if (present.length < members.length * 0.6 || r < 0.06) return this.attendance(meeting, cluster);
        if (r < 0.1) return this.proxy(meeting, cluster);
        if (open.length > 0) {
          const vote = this.pick(open);
          // The chair closes the vote once nobody present is left to vote (or now and then earlier).
          if ((await this.waitingVoters(meeting, cluster, vote.voteId)).length === 0 || r < 0.12) return this.closeVote(meeting, cluster, vote.voteId);
          return this.ballot(meeting, cluster, vote.voteId);
        }
        if (closed >= 2 && r < 0.3) return this.closeMeeting(meeting, cluster);
        if (r < 0.2) return this.minutes(meeting, cluster);
        return this.openVote(meeting, cluster);
      }
      default:
        // Finished: the minutes now and then, else the meeting leaves the chair's desk.
        if (r < 0.3 && meeting.status === 'closed' && meeting.minutes.status !== 'locked') return this.minutes(meeting, cluster);
        this.active.splice(this.active.indexOf(meeting.meetingId), 1);
    }
  }

  private async closeMeeting(meeting: MeetingState, cluster: ClusterState): Promise<void> {
    await this.meeting({ type: 'CloseMeeting', meetingId: meeting.meetingId, ...this.by(cluster) });
  }

  /** Mostly a meeting still in progress: finished ones accumulate and would only collect refusals. */
  private async onMeeting(fn: (meeting: MeetingState, cluster: ClusterState) => Promise<unknown>): Promise<void> {
    const meetingId = this.active.length > 0 && this.random() < 0.95 ? this.pick(this.active) : this.pick(this.meetings);
    const meeting = (await load(this.store, meetingDecider, parseMeetingEvent, meetingStreamId(meetingId))).state;
    await fn(meeting, (await this.loadCluster(meeting.clusterId)).state);
  }

  private async attendance(meeting: MeetingState, cluster: ClusterState): Promise<void> {
    const attends = currentCharter(cluster).charter.honoraryMembersAttend;
    const absent = Object.values(cluster.members).filter((m) => m.status === 'active' && (attends || m.kind === 'ordinary') && !meeting.attendance[m.memberId]);
    const member = absent.length > 0 && this.random() < 0.8 ? this.pick(absent) : this.pick(Object.values(cluster.members));
    const presence = this.random() < 0.85 ? this.pick(['in_person', 'online'] as const) : 'left';
    const actor = this.random() < 0.5 ? member.representative.personId : this.coordinator(cluster);
    await this.meeting({ type: 'RecordAttendance', meetingId: meeting.meetingId, memberId: member.memberId, presence, ...this.by(cluster, actor) });
  }

  private async proxy(meeting: MeetingState, cluster: ClusterState): Promise<void> {
    const members = Object.values(cluster.members).filter((m) => m.status === 'active' && m.kind === 'ordinary');
    if (members.length === 0) return;
    const granted = Object.keys(meeting.proxies);
    if (granted.length > 0 && this.random() < 0.2) {
      await this.meeting({ type: 'RevokeProxy', meetingId: meeting.meetingId, grantorMemberId: this.pick(granted), ...this.by(cluster) });
      return;
    }
    const absent = members.filter((m) => !isPresent(meeting, m.memberId));
    const present = members.filter((m) => isPresent(meeting, m.memberId));
    const grantor = absent.length > 0 && this.random() < 0.9 ? this.pick(absent) : this.pick(members);
    const holder = present.length > 0 && this.random() < 0.9 ? this.pick(present) : this.pick(members);
    await this.meeting({
      type: 'RegisterProxy',
      meetingId: meeting.meetingId,
      grantorMemberId: grantor.memberId,
      holderMemberId: holder.memberId,
      documentRef: `pełnomocnictwo ${this.seq++}`,
      ...this.by(cluster, this.random() < 0.5 ? holder.representative.personId : this.coordinator(cluster)),
    });
  }

  private async openVote(meeting: MeetingState, cluster: ClusterState): Promise<void> {
    const voteId = `v${this.seq++}`;
    const amendment = Object.values(cluster.amendments).find((a) => a.status === 'proposed');
    const onAmendment = amendment && meeting.kind !== 'council' && this.random() < 0.6;
    const minutes = !onAmendment && this.random() < 0.15;
    await this.meeting({
      type: 'OpenVote',
      meetingId: meeting.meetingId,
      voteId,
      agendaItemId: this.random() < 0.95 ? 'a1' : 'nope',
      motion: `Uchwała w sprawie ${voteId}`,
      secrecy: this.random() < 0.3 ? 'secret' : 'named',
      decisionKind: onAmendment ? 'amendment' : 'ordinary_resolution',
      subject: onAmendment ? { kind: 'amendment', amendmentId: amendment.amendmentId } : minutes ? { kind: 'minutes_approval' } : { kind: 'general' },
      ...this.by(cluster),
    });
  }

  private async ballot(meeting: MeetingState, cluster: ClusterState, voteId?: string): Promise<void> {
    const open = Object.values(meeting.votes).filter((v) => v.status === 'open');
    // Now and then a ballot for a vote already closed: refused.
    const candidates = open.length > 0 && this.random() < 0.97 ? open : Object.values(meeting.votes);
    if (candidates.length === 0) return;
    const vote = voteId ? meeting.votes[voteId] : this.pick(candidates);
    const waiting = await this.waitingVoters(meeting, cluster, vote.voteId);
    const member = waiting.length > 0 && this.random() < 0.9 ? this.pick(waiting) : this.pick(Object.values(cluster.members));
    const proxy = Object.entries(meeting.proxies).find(([grantor]) => grantor === member.memberId);
    const holder = proxy && cluster.members[proxy[1].holderMemberId];
    const actor = holder && this.random() < 0.8 ? holder.representative.personId : member.representative.personId;
    const choice = this.pick(CHOICES);
    const type = vote.ballots.has(member.memberId) || this.random() < 0.05 ? 'CorrectBallot' : 'CastBallot';
    const key = `${meeting.meetingId}/${vote.voteId}`;
    const sealed = vote.secrecy === 'secret' ? { sealedChoice: `sealed:${this.seq++}` } : {};
    const ok = await this.meeting(
      { type, meetingId: meeting.meetingId, voteId: vote.voteId, memberId: member.memberId, choice, ...sealed, ...this.by(cluster, this.random() < 0.03 ? this.randomPerson(cluster) : actor) },
    );
    if (ok && vote.secrecy === 'secret') {
      const box = this.ballotBox.get(key) ?? new Map<string, Choice>();
      box.set(member.memberId, choice);
      this.ballotBox.set(key, box);
    }
  }

  /** Members entitled to vote who are present (or represented) and have not voted yet. */
  private async waitingVoters(meeting: MeetingState, cluster: ClusterState, voteId: string) {
    const vote = meeting.votes[voteId];
    const group = meeting.kind === 'working_group' && meeting.groupId ? groupMemberIds(await this.loadGroup(meeting.groupId)) : undefined;
    return Object.values(cluster.members).filter(
      (m) =>
        m.status === 'active' &&
        m.kind === 'ordinary' &&
        (!group || group.includes(m.memberId)) &&
        !vote.ballots.has(m.memberId) &&
        (isPresent(meeting, m.memberId) || meeting.proxies[m.memberId]),
    );
  }

  private async closeVote(meeting: MeetingState, cluster: ClusterState, voteId?: string): Promise<void> {
    const open = Object.values(meeting.votes).filter((v) => v.status === 'open');
    if (open.length === 0) return;
    const vote = voteId ? meeting.votes[voteId] : this.pick(open);
    const command = { type: 'CloseVote', meetingId: meeting.meetingId, voteId: vote.voteId, ...this.by(cluster) } as Record<string, unknown>;
    if (vote.secrecy === 'secret') command.unsealed = Object.fromEntries(this.ballotBox.get(`${meeting.meetingId}/${vote.voteId}`) ?? []);
    if (await this.meeting(command)) {
      const closed = (await load(this.store, meetingDecider, parseMeetingEvent, meetingStreamId(meeting.meetingId))).state;
      if (this.random() < 0.9) await this.decideAmendment(closed, vote.voteId);
    }
  }

  private async minutes(meeting: MeetingState, cluster: ClusterState): Promise<void> {
    const approval = Object.values(meeting.votes).find((v) => v.subject.kind === 'minutes_approval' && v.result);
    if (meeting.minutes.status === 'draft' && approval && this.random() < 0.6) {
      await this.meeting({ type: 'ApproveMinutes', meetingId: meeting.meetingId, voteId: approval.voteId, ...this.by(cluster) });
    } else if (meeting.minutes.status === 'approved') {
      await this.meeting({ type: 'LockMinutes', meetingId: meeting.meetingId, ...this.by(cluster) });
    } else {
      const type = meeting.minutes.status === 'none' ? 'DraftMinutes' : 'CorrectMinutes';
      await this.meeting({ type, meetingId: meeting.meetingId, text: `Protokół ${this.seq++}`, ...this.by(cluster) });
    }
  }

  // ---- groups ----

  private async requestGroup(clusterId: string, state: ClusterState): Promise<void> {
    const active = Object.values(state.members).filter((m) => m.status === 'active');
    const requesters = this.sample(active, 1 + Math.floor(this.random() * 3)).map((m) => m.memberId);
    const groupId = `${clusterId}-g${this.seq++}`;
    const byCouncil = this.random() < 0.3;
    const first = state.members[requesters[0]];
    const ok = await this.group({
      type: 'RequestGroup',
      groupId,
      clusterId,
      name: `Grupa ${groupId}`,
      purpose: 'Wspólny projekt',
      deadline: new Date(this.clock + 180 * 86_400_000).toISOString().slice(0, 10),
      requestedBy: byCouncil ? { kind: 'council_resolution', resolution: { meetingId: 'rada', voteId: 'v1', number: '1/2019' } } : { kind: 'members', memberIds: requesters },
      initialMemberIds: byCouncil ? [] : requesters.slice(0, 1 + Math.floor(this.random() * requesters.length)),
      actor: byCouncil || !first ? this.coordinator(state) : first.representative.personId,
      at: this.at(),
    });
    if (ok) this.groups.push(groupId);
  }

  private groupActions(): Action[] {
    return [
      { weight: 3, run: () => this.onGroup((g, c) => this.joinGroup(g, c)) },
      { weight: 1, run: () => this.onGroup((g, c) => this.leaveGroup(g, c)) },
      { weight: 1, run: () => this.onGroup((g, c) => this.appointGroupLeader(g, c)) },
      { weight: 0.3, run: () => this.onGroup((g, c) => this.group({ type: 'SetMembershipConditions', groupId: g.groupId, conditions: 'Aktywny udział', ...this.by(c, this.leaderOr(g, c)) })) },
      { weight: 2, run: () => this.onGroup((g, c) => this.addTask(g, c)) },
      { weight: 1, run: () => this.onGroup((g, c) => this.task(g, c, 'CompleteTask')) },
      { weight: 1, run: () => this.onGroup((g, c) => this.task(g, c, 'ReassignTask')) },
      { weight: 0.05, run: () => this.onGroup((g, c) => this.group({ type: 'DissolveGroup', groupId: g.groupId, reason: 'Zadanie wykonane', ...this.by(c, this.leaderOr(g, c)) })) },
    ];
  }

  private async onGroup(fn: (group: GroupState, cluster: ClusterState) => Promise<unknown>): Promise<void> {
    const groupId = this.pick(this.groups);
    const group = (await load(this.store, groupDecider, parseGroupEvent, groupStreamId(groupId))).state;
    await fn(group, (await this.loadCluster(group.clusterId)).state);
  }

  private async joinGroup(group: GroupState, cluster: ClusterState): Promise<void> {
    const member = this.pick(Object.values(cluster.members));
    await this.group({ type: 'JoinGroup', groupId: group.groupId, memberId: member.memberId, ...this.by(cluster, this.random() < 0.7 ? member.representative.personId : this.coordinator(cluster)) });
  }

  private async leaveGroup(group: GroupState, cluster: ClusterState): Promise<void> {
    const ids = groupMemberIds(group);
    if (ids.length === 0) return;
    const member = cluster.members[this.pick(ids)];
    await this.group({ type: 'LeaveGroup', groupId: group.groupId, memberId: member.memberId, ...this.by(cluster, this.random() < 0.7 ? member.representative.personId : this.coordinator(cluster)) });
  }

  private async appointGroupLeader(group: GroupState, cluster: ClusterState): Promise<void> {
    const ids = groupMemberIds(group);
    if (ids.length === 0) return;
    const leader = cluster.members[this.pick(ids)];
    await this.group({ type: 'AppointGroupLeader', groupId: group.groupId, personId: leader.representative.personId, ...this.by(cluster) });
  }

  private async addTask(group: GroupState, cluster: ClusterState): Promise<void> {
    const ids = groupMemberIds(group);
    await this.group({
      type: 'AddTask',
      groupId: group.groupId,
      taskId: `t${this.seq++}`,
      title: 'Raport z działań',
      responsibleMemberId: ids.length > 0 ? this.pick(ids) : 'nobody',
      deadline: new Date(this.clock + (this.random() < 0.3 ? -10 : 30) * 86_400_000).toISOString().slice(0, 10),
      ...this.by(cluster, this.leaderOr(group, cluster)),
    });
  }

  private async task(group: GroupState, cluster: ClusterState, type: 'CompleteTask' | 'ReassignTask'): Promise<void> {
    const open = Object.values(group.tasks).filter((t) => !t.completedAt);
    if (open.length === 0) return;
    const task = this.pick(open);
    const ids = groupMemberIds(group);
    if (type === 'CompleteTask') {
      const responsible = cluster.members[task.responsibleMemberId];
      await this.group({ type, groupId: group.groupId, taskId: task.taskId, ...this.by(cluster, responsible && this.random() < 0.5 ? responsible.representative.personId : this.leaderOr(group, cluster)) });
    } else if (ids.length > 0) {
      const deadline = this.random() < 0.5 ? { deadline: new Date(this.clock + 60 * 86_400_000).toISOString().slice(0, 10) } : {};
      await this.group({ type, groupId: group.groupId, taskId: task.taskId, responsibleMemberId: this.pick(ids), ...deadline, ...this.by(cluster, this.leaderOr(group, cluster)) });
    }
  }

  // ---- elections ----

  private electionActions(): Action[] {
    return [
      { weight: this.meetings.length > 0 ? (this.elections.length === 0 ? 1.5 : 0.2) : 0, run: () => this.callElection() },
      { weight: this.elections.length > 0 ? 12 : 0, run: () => this.onElection((e, m, c) => this.advanceElection(e, m, c)) },
    ];
  }

  /** At a general meeting still running (now and then at another meeting: refused). */
  private async callElection(): Promise<void> {
    const meetingId = this.active.length > 0 && this.random() < 0.9 ? this.pick(this.active) : this.pick(this.meetings);
    const meeting = await this.loadMeeting(meetingId);
    const cluster = (await this.loadCluster(meeting.clusterId)).state;
    const voters = Object.values(cluster.members).filter((m) => m.status === 'active' && m.kind === 'ordinary');
    // With the coordinator gone, a voting member calls it.
    const actor = this.coordinatorGone(cluster) && voters.length > 0 ? this.pick(voters).representative.personId : this.coordinator(cluster);
    const electionId = `${meeting.clusterId}-e${this.seq++}`;
    const ok = await this.election({ type: 'CallElection', electionId, clusterId: meeting.clusterId, meetingId, reason: 'Koniec kadencji lidera', ...this.by(cluster, actor) });
    if (ok) this.elections.push(electionId);
  }

  private async onElection(fn: (election: ElectionState, meeting: MeetingState, cluster: ClusterState) => Promise<void>): Promise<void> {
    const election = await this.loadElection(this.pick(this.elections));
    const meeting = await this.loadMeeting(election.meetingId);
    await fn(election, meeting, (await this.loadCluster(election.clusterId)).state);
  }

  /** What the meeting does next with its election, given where it stands. */
  private async advanceElection(election: ElectionState, meeting: MeetingState, cluster: ClusterState): Promise<void> {
    const r = this.random();
    const electionId = election.electionId;
    const conductor = cluster.members[cluster.coordinatorMemberId]?.status === 'active' ? this.coordinator(cluster) : election.calledBy;
    const voters = Object.values(cluster.members).filter((m) => m.status === 'active' && m.kind === 'ordinary');
    if (election.status === 'elected' || election.status === 'inconclusive' || meeting.status === 'closed' || meeting.status === 'cancelled') {
      this.elections.splice(this.elections.indexOf(electionId), 1);
      return;
    }
    if (election.status === 'nominating') {
      const candidates = Object.values(election.candidates);
      const waiting = candidates.filter((k) => k.status === 'nominated');
      if (waiting.length > 0 && r < 0.5) {
        const candidate = cluster.members[this.pick(waiting).memberId];
        const type = this.random() < 0.85 ? 'AcceptNomination' : 'WithdrawCandidacy';
        await this.election({ type, electionId, memberId: candidate.memberId, ...this.by(cluster, candidate.representative.personId) });
        return;
      }
      if ((candidates.length < 3 && r < 0.8) || voters.length === 0) {
        const nominee = this.random() < 0.95 && voters.length > 0 ? this.pick(voters) : this.pick(Object.values(cluster.members));
        const nominator = voters.length > 0 ? this.pick(voters).representative.personId : 'nobody';
        await this.election({ type: 'NominateCandidate', electionId, memberId: nominee.memberId, ...this.by(cluster, nominator) });
        return;
      }
      await this.election({ type: 'OpenRound', electionId, ...this.by(cluster, conductor) });
      return;
    }
    if (election.status === 'adjourned') {
      await this.election({ type: 'OpenRound', electionId, ...this.by(cluster, conductor) });
      return;
    }
    // A round is open: the present voters who have not voted yet vote, then the conductor closes it.
    const round = lastRound(election)!;
    const waiting = voters.filter((m) => isPresent(meeting, m.memberId) && !round.ballots.has(m.memberId));
    if (waiting.length > 0 && r > 0.08) {
      const voter = this.pick(waiting);
      const candidate = this.random() < 0.9 ? this.pick(round.candidates) : null;
      await this.election({ type: 'CastElectionBallot', electionId, memberId: voter.memberId, candidateMemberId: candidate, ...this.by(cluster, voter.representative.personId) });
      return;
    }
    await this.election({ type: 'CloseRound', electionId, ...this.by(cluster, conductor) });
  }

  /**
   * As the election handler does: facts from the cluster and the meeting, the election stream alone
   * decided; a leader it elects is installed in the cluster by the reactor (see react).
   */
  private async election(request: Record<string, unknown>): Promise<boolean> {
    const electionId = request.electionId as string;
    const existing = await this.loadElection(electionId);
    const clusterId = request.type === 'CallElection' ? (request.clusterId as string) : existing.clusterId;
    const meetingId = request.type === 'CallElection' ? (request.meetingId as string) : existing.meetingId;
    const cluster = (await this.loadCluster(clusterId)).state;
    const meeting = await this.loadMeeting(meetingId);
    const command = { ...request, cluster: meetingClusterFacts(cluster), meeting: electionMeetingFacts(meeting) } as ElectionCommand;
    return this.execute(request.type as string, async () => {
      if (!existing.exists && request.type !== 'CallElection') throw new Rejection('not_found', `Election '${electionId}' does not exist`);
      return executeOnStream(this.store, electionDecider, parseElectionEvent, electionStreamId(electionId), command, this.options());
    });
  }

  // ---- the handlers: facts from other streams, then executeOnStream ----

  private async cluster(command: ClusterCommand): Promise<boolean> {
    return this.execute(command.type, () =>
      executeOnStream(this.store, clusterDecider, parseClusterEvent, clusterStreamId(command.clusterId), command, this.options()),
    );
  }

  private async meeting(request: Record<string, unknown>): Promise<boolean> {
    const meetingId = request.meetingId as string;
    const meeting = (await load(this.store, meetingDecider, parseMeetingEvent, meetingStreamId(meetingId))).state;
    const clusterId = request.type === 'ConveneMeeting' ? (request.clusterId as string) : meeting.clusterId;
    const kind = request.type === 'ConveneMeeting' ? request.kind : meeting.kind;
    const groupId = (request.type === 'ConveneMeeting' ? request.groupId : meeting.groupId) as string | undefined;
    const cluster = (await this.loadCluster(clusterId)).state;
    const groupMembers = kind === 'working_group' && groupId ? groupMemberIds((await load(this.store, groupDecider, parseGroupEvent, groupStreamId(groupId))).state) : undefined;
    const command = { ...request, cluster: meetingClusterFacts(cluster), ...(groupMembers ? { groupMemberIds: groupMembers } : {}) } as MeetingCommand;
    return this.execute(request.type as string, async () => {
      if (!meeting.exists && request.type !== 'ConveneMeeting') throw new Rejection('not_found', `Meeting '${meetingId}' does not exist`);
      return executeOnStream(this.store, meetingDecider, parseMeetingEvent, meetingStreamId(meetingId), command, this.options());
    });
  }

  private async group(request: Record<string, unknown>): Promise<boolean> {
    const groupId = request.groupId as string;
    const clusterId = request.type === 'RequestGroup' ? (request.clusterId as string) : (await load(this.store, groupDecider, parseGroupEvent, groupStreamId(groupId))).state.clusterId;
    const cluster = (await this.loadCluster(clusterId)).state;
    const command = { ...request, cluster: groupClusterFacts(cluster) } as GroupCommand;
    return this.execute(request.type as string, () => executeOnStream(this.store, groupDecider, parseGroupEvent, groupStreamId(groupId), command, this.options()));
  }

  private async execute(type: string, run: () => Promise<{ events: unknown[] }>): Promise<boolean> {
    try {
      const outcome = await run();
      if (outcome.events.length === 0) return false;
      await this.react();
      this.stats.accepted[type] = (this.stats.accepted[type] ?? 0) + 1;
      return true;
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      if (process.env.SCN_DEBUG) console.log("REJ", type, error.message);
      this.stats.rejected[type] = (this.stats.rejected[type] ?? 0) + 1;
      return false;
    }
  }

  // ---- helpers ----

  /** As the server's reactor does, in log order: each act's consequences on other streams (a closed vote's number). */
  private async react(): Promise<void> {
    for (;;) {
      const after = this.reactedUpTo;
      for await (const event of this.store.readAll({ fromPosition: after })) {
        this.reactedUpTo = event.position;
        for (const reaction of reactions) if (reaction.triggers.includes(event.type)) await reaction.react(event, this.store);
      }
      if (this.reactedUpTo === after) return;
    }
  }

  private async loadElection(electionId: string): Promise<ElectionState> {
    return (await load(this.store, electionDecider, parseElectionEvent, electionStreamId(electionId))).state;
  }

  private async loadMeeting(meetingId: string): Promise<MeetingState> {
    return (await load(this.store, meetingDecider, parseMeetingEvent, meetingStreamId(meetingId))).state;
  }

  private async loadGroup(groupId: string): Promise<GroupState> {
    return (await load(this.store, groupDecider, parseGroupEvent, groupStreamId(groupId))).state;
  }

  private loadCluster(clusterId: string) {
    return load(this.store, clusterDecider, parseClusterEvent, clusterStreamId(clusterId));
  }

  /** Deterministic event ids: the same seed writes the same log. */
  private options() {
    return { actor: 'scenario', correlationId: `corr-${this.seq}`, idempotencyKey: `cmd-${this.seq++}` };
  }

  private at(): string {
    return new Date(this.clock).toISOString();
  }

  /** Who acts and when: the coordinator's representative, now and then someone else (refused, mostly). */
  private by(cluster: ClusterState, actor?: string) {
    const chosen = this.random() < 0.04 ? this.randomPerson(cluster) : (actor ?? this.coordinator(cluster));
    return { actor: chosen, at: this.at() };
  }

  private coordinator(state: ClusterState): string {
    return state.members[state.coordinatorMemberId]?.representative.personId ?? 'nobody';
  }

  private leaderOr(group: GroupState, cluster: ClusterState): string {
    return group.leader && this.random() < 0.6 ? group.leader.personId : this.coordinator(cluster);
  }

  private randomPerson(state: ClusterState): string {
    const members = Object.values(state.members);
    return members.length > 0 ? this.pick(members).representative.personId : 'stranger';
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < n && copy.length > 0) out.push(copy.splice(Math.floor(this.random() * copy.length), 1)[0]);
    return out;
  }
}
