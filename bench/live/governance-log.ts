/**
 * Writes a realistic governance log of exactly `target` events, fast: clusters of 15–40 members hold
 * council meetings each quarter and a general meeting each year — attendance, proxies, votes (a fifth
 * of them secret) with a ballot from nearly every member present, a few corrections, each vote closed
 * with a number from the cluster's resolution register, minutes — while members come and go, change
 * representatives and work in groups with tasks. A few meetings run at once, so their events interleave
 * in the log as they would on a server.
 *
 * Every event comes out of the real deciders (decide, then the event schemas' parse, then evolve, as
 * executeOnStream does), so the log is one the server could have written; there are simply no reads:
 * the states stay in memory. Appends go straight to the store, one per command, many in flight at a
 * time so group commit packs them into few transactions. Any prefix of a valid log is valid, so the
 * last command is cut where the target is reached.
 *
 * It also returns a digest of every aggregate's final state (canonical JSON, sha256), so a rebuild can
 * be checked document by document against what the deciders themselves folded.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import {
  clusterDecider,
  clusterStreamId,
  currentCharter,
  defaultCharter,
  groupClusterFacts,
  groupDecider,
  groupMemberIds,
  groupStreamId,
  meetingClusterFacts,
  meetingDecider,
  meetingStreamId,
  parseClusterEvent,
  parseGroupEvent,
  parseMeetingEvent,
  parseResolutionRegisterEvent,
  qualifiedId,
  Rejection,
  resolutionBody,
  resolutionRegisterDecider,
  resolutionRegisterStreamId,
  sectors,
  type Choice,
  type ClusterCommand,
  type ClusterState,
  type Decider,
  type GroupCommand,
  type GroupState,
  type MeetingCommand,
  type MeetingState,
  type MemberState,
} from '@klaster/domain';
import type { EventStore, JsonValue, NewEvent } from '@klaster/event-store';
import { seededRandom } from './common';

export interface GovernanceLog {
  events: number;
  appends: number;
  /** Commands the deciders refused on the way (a member gone while another meeting of its cluster ran). */
  refused: number;
  clusters: number;
  meetings: number;
  votes: number;
  ballots: number;
  groups: number;
  /** Events by type, for the description of the log. */
  types: Record<string, number>;
  /** `${collection}/${key}` → sha256 of the canonical JSON of the aggregate's final state. */
  digests: Map<string, string>;
  /** Per cluster, a person who may read it at the end of the log (its coordinator's representative). */
  readers: Record<string, string>;
}

export interface GovernanceLogOptions {
  seed?: number;
  /** Meetings in progress at the same time (their events interleave). */
  concurrentMeetings?: number;
  clusters?: number;
  onProgress?: (events: number) => void;
}

/** Appends in flight before the generator waits for them (group commit writes up to 2,000 per transaction). */
const IN_FLIGHT = 2_000;

export function stateDigest(state: unknown): string {
  return createHash('sha256').update(canonicalize(state) ?? '').digest('hex');
}

/** Appends one command's events at a time, never past the target. */
class LogWriter {
  events = 0;
  appends = 0;
  /** Commands the deciders refused (and that therefore wrote nothing). */
  refused = 0;
  readonly types: Record<string, number> = {};
  private pending: Promise<unknown>[] = [];

  constructor(
    private readonly store: EventStore,
    readonly target: number,
  ) {}

  get full(): boolean {
    return this.events >= this.target;
  }

  /** Takes up to `wanted` more events towards the target; returns how many. */
  reserve(wanted: number): number {
    const taken = Math.min(wanted, this.target - this.events);
    this.events += taken;
    return taken;
  }

  /** Queues one append of reserved events to a stream that holds `revisions` events before them. */
  append(streamId: string, revisions: number, events: readonly NewEvent[]): void {
    if (events.length === 0) return;
    this.pending.push(this.store.append(streamId, events, { expectedRevision: revisions === 0 ? 'no_stream' : BigInt(revisions - 1) }));
    for (const e of events) this.types[e.type] = (this.types[e.type] ?? 0) + 1;
    this.appends++;
  }

  async settleIfBusy(): Promise<void> {
    if (this.pending.length >= IN_FLIGHT) await this.settle();
  }

  async settle(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    await Promise.all(pending);
  }
}

/**
 * One stream and its aggregate's state, folded from exactly the events written to it. The events of
 * the commands of one act (a handful of ballots, say) go out as one append when the act ends (flush).
 */
class Aggregate<S, C, E extends { type: string; data: unknown }> {
  state: S;
  written = 0;
  private buffered: NewEvent[] = [];
  private flushedAt = 0;

  constructor(
    readonly streamId: string,
    private readonly decider: Decider<S, C, E>,
    private readonly parse: (type: string, data: unknown) => E,
    private readonly writer: LogWriter,
  ) {
    this.state = decider.initialState();
  }

  exec(command: C, actor: string, at: string): E[] {
    let events: E[];
    try {
      // As executeOnStream: the decision, validated by the event schemas on its way out.
      events = this.decider.decide(command, this.state).map((e) => this.parse(e.type, e.data));
    } catch (error) {
      // Rare: a member withdrew (or changed representative) while another meeting of its cluster ran.
      if (!(error instanceof Rejection)) throw error;
      this.writer.refused++;
      return [];
    }
    const taken = this.writer.reserve(events.length);
    const correlationId = randomUUID();
    for (let i = 0; i < taken; i++) {
      const e = events[i];
      this.state = this.decider.evolve(this.state, e);
      this.buffered.push({ id: randomUUID(), type: e.type, data: e.data as JsonValue, metadata: { actor, correlationId, causationId: correlationId, recordedAt: at } });
    }
    this.written += taken;
    return events.slice(0, taken);
  }

  flush(): void {
    this.writer.append(this.streamId, this.flushedAt, this.buffered);
    this.flushedAt = this.written;
    this.buffered = [];
  }
}

interface ClusterSim {
  id: string;
  cluster: Aggregate<ClusterState, ClusterCommand, ReturnType<typeof parseClusterEvent>>;
  register: Aggregate<ReturnType<typeof resolutionRegisterDecider.initialState>, Parameters<typeof resolutionRegisterDecider.decide>[0], ReturnType<typeof parseResolutionRegisterEvent>>;
  groups: Aggregate<GroupState, GroupCommand, ReturnType<typeof parseGroupEvent>>[];
  meetingsHeld: number;
  membersAdmitted: number;
}

const CHOICES: Choice[] = ['yes', 'yes', 'yes', 'yes', 'yes', 'no', 'no', 'abstain'];
const ROLES = ['Prezes Zarządu', 'Dyrektor', 'Rektor', 'Burmistrz', 'Pełnomocnik', 'Kierownik projektu'];
const LOREM =
  'Rada Klastra, działając na podstawie porozumienia o współpracy, postanawia przyjąć przedstawiony projekt ' +
  'wraz z harmonogramem i budżetem, zobowiązując koordynatora do jego realizacji i złożenia sprawozdania. ';

export async function generateGovernanceLog(store: EventStore, target: number, options: GovernanceLogOptions = {}): Promise<GovernanceLog> {
  const random = seededRandom(options.seed ?? 2024);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const writer = new LogWriter(store, target);
  const digests = new Map<string, string>();
  const counts = { meetings: 0, votes: 0, ballots: 0, groups: 0 };
  let clock = Date.parse('2018-01-08T08:00:00.000Z');
  const at = () => new Date((clock += 20_000 + Math.floor(random() * 160_000))).toISOString();

  const person = (memberId: string, n: number) => `p-${memberId}-${n}`;
  const activeMembers = (s: ClusterState) => Object.values(s.members).filter((m) => m.status === 'active');
  const coordinatorOf = (s: ClusterState) => s.members[s.coordinatorMemberId].representative.personId;
  const newMember = (sim: ClusterSim, kind: 'ordinary' | 'honorary') => {
    const memberId = `${sim.id}-m${++sim.membersAdmitted}`;
    return {
      memberId,
      organisation: { name: `Organizacja ${memberId}`, sector: pick(sectors) },
      kind,
      votingWeight: 1 + Math.floor(random() * 5),
      representative: { personId: person(memberId, 1), role: pick(ROLES) },
    };
  };

  // ---- clusters ----
  const sims: ClusterSim[] = [];
  const clusterCount = options.clusters ?? 200;
  for (let c = 1; c <= clusterCount && !writer.full; c++) {
    const id = `c${String(c).padStart(3, '0')}`;
    const sim: ClusterSim = {
      id,
      cluster: new Aggregate(clusterStreamId(id), clusterDecider, parseClusterEvent, writer),
      register: new Aggregate(resolutionRegisterStreamId(id), resolutionRegisterDecider, parseResolutionRegisterEvent, writer),
      groups: [],
      meetingsHeld: 0,
      membersAdmitted: 0,
    };
    const size = 15 + Math.floor(random() * 26);
    const founders = Array.from({ length: size }, (_, i) => newMember(sim, i > 0 && random() < 0.1 ? 'honorary' : 'ordinary'));
    const actor = founders[0].representative.personId;
    sim.cluster.exec(
      {
        type: 'FoundCluster',
        clusterId: id,
        actor,
        at: at(),
        name: `Klaster ${id}`,
        foundedOn: new Date(clock).toISOString().slice(0, 10),
        coordinatorMemberId: founders[0].memberId,
        foundingMembers: founders,
        agreement: {
          title: `Porozumienie o współpracy w ramach klastra ${id}`,
          sections: ['Cel', 'Członkowie', 'Organy', 'Finansowanie', 'Zmiany'].map((title, i) => ({ number: `§ ${i + 1}`, title, text: LOREM.repeat(2) })),
        },
        charter: { ...defaultCharter, weightedVoting: random() < 0.3, proxiesAllowed: random() < 0.5, honoraryMembersAttend: random() < 0.8 },
      } as ClusterCommand,
      actor,
      new Date(clock).toISOString(),
    );
    sim.cluster.flush();
    sims.push(sim);
  }
  await writer.settle();

  // ---- what happens in a cluster between its meetings ----
  function betweenMeetings(sim: ClusterSim): void {
    const state = () => sim.cluster.state;
    const exec = (command: Record<string, unknown>, actor: string) => {
      const time = at();
      sim.cluster.exec({ clusterId: sim.id, actor, at: time, ...command } as ClusterCommand, actor, time);
      sim.cluster.flush();
    };
    if (random() < 0.15) {
      const member = newMember(sim, random() < 0.1 ? 'honorary' : 'ordinary');
      exec({ type: 'AdmitMember', ...member, admittedOn: new Date(clock).toISOString().slice(0, 10) }, coordinatorOf(state()));
    }
    if (random() < 0.1) {
      const member = pick(activeMembers(state()));
      const n = member.representativeHistory.size + 1;
      exec({ type: 'ChangeRepresentative', memberId: member.memberId, representative: { personId: person(member.memberId, n), role: pick(ROLES) } }, member.representative.personId);
    }
    if (random() < 0.04) {
      const candidates = activeMembers(state()).filter((m) => m.memberId !== state().coordinatorMemberId);
      if (candidates.length > 12) {
        const member = pick(candidates);
        exec({ type: 'WithdrawMember', memberId: member.memberId, withdrawnOn: new Date(clock).toISOString().slice(0, 10), writtenNoticeRef: `L.dz. ${randomUUID().slice(0, 8)}` }, member.representative.personId);
      }
    }
    if (sim.groups.length < 3 && random() < 0.2) {
      const requesters = activeMembers(state()).filter((m) => m.kind === 'ordinary').sort(() => random() - 0.5).slice(0, 3);
      const groupId = qualifiedId(sim.id, `g${sim.groups.length + 1}`);
      const group = new Aggregate(groupStreamId(groupId), groupDecider, parseGroupEvent, writer);
      const actor = requesters[0].representative.personId;
      const time = at();
      const ids = requesters.map((m) => m.memberId);
      group.exec(
        {
          type: 'RequestGroup',
          groupId,
          clusterId: sim.id,
          name: `Grupa robocza ${groupId}`,
          purpose: 'Przygotowanie wspólnego wniosku o dofinansowanie',
          deadline: new Date(clock + 365 * 86_400_000).toISOString().slice(0, 10),
          requestedBy: { kind: 'members', memberIds: ids },
          initialMemberIds: ids,
          actor,
          at: time,
          cluster: groupClusterFacts(state()),
        } as GroupCommand,
        actor,
        time,
      );
      group.flush();
      sim.groups.push(group);
      counts.groups++;
    }
    for (const group of sim.groups) if (random() < 0.5) groupAct(sim, group);
  }

  function groupAct(sim: ClusterSim, group: ClusterSim['groups'][number]): void {
    const cluster = sim.cluster.state;
    const coordinator = coordinatorOf(cluster);
    const inGroup = groupMemberIds(group.state);
    const exec = (command: Record<string, unknown>, actor: string) => {
      const time = at();
      group.exec({ groupId: group.state.groupId, actor, at: time, cluster: groupClusterFacts(cluster), ...command } as GroupCommand, actor, time);
      group.flush();
    };
    const r = random();
    const outside = activeMembers(cluster).filter((m) => !inGroup.includes(m.memberId));
    const insideActive = inGroup.map((id) => cluster.members[id]).filter((m): m is MemberState => m?.status === 'active');
    const open = Object.values(group.state.tasks).filter((t) => !t.completedAt);
    const gone = inGroup.find((id) => cluster.members[id]?.status !== 'active');
    if (gone) exec({ type: 'LeaveGroup', memberId: gone }, coordinator);
    else if (r < 0.3 && outside.length > 0) {
      const member = pick(outside);
      exec({ type: 'JoinGroup', memberId: member.memberId }, member.representative.personId);
    } else if (r < 0.6 && group.state.active && insideActive.length > 0) {
      const deadline = new Date(clock + (30 + Math.floor(random() * 120)) * 86_400_000).toISOString().slice(0, 10);
      exec({ type: 'AddTask', taskId: `t${Object.keys(group.state.tasks).length + 1}`, title: 'Przygotowanie części wniosku', responsibleMemberId: pick(insideActive).memberId, deadline }, coordinator);
    } else if (r < 0.85 && open.length > 0) {
      exec({ type: 'CompleteTask', taskId: pick(open).taskId }, coordinator);
    } else if (r < 0.95 && open.length > 0 && insideActive.length > 1) {
      const task = pick(open);
      const next = insideActive.find((m) => m.memberId !== task.responsibleMemberId)!;
      exec({ type: 'ReassignTask', taskId: task.taskId, responsibleMemberId: next.memberId }, coordinator);
    } else if (insideActive.length > 4) {
      const member = pick(insideActive);
      exec({ type: 'LeaveGroup', memberId: member.memberId }, member.representative.personId);
    }
  }

  // ---- a meeting, one act at a time (its events of one act go out as one append) ----

  /** The facts a meeting command carries, computed once per state of the cluster (states are immutable). */
  const facts = new WeakMap<ClusterState, ReturnType<typeof meetingClusterFacts>>();
  const factsOf = (state: ClusterState) => {
    let f = facts.get(state);
    if (!f) facts.set(state, (f = meetingClusterFacts(state)));
    return f;
  };

  type MeetingAggregate = Aggregate<MeetingState, MeetingCommand, ReturnType<typeof parseMeetingEvent>>;

  function* meeting(sim: ClusterSim, meetingId: string, kind: 'council' | 'general', m: MeetingAggregate): Generator<void, void> {
    const cluster = () => sim.cluster.state;
    /** The chair is the coordinator; a member acts through its representative, both as of now. */
    const rep = (memberId: string) => cluster().members[memberId].representative.personId;
    const exec = (command: Record<string, unknown>, actor = coordinatorOf(cluster())) => {
      const time = at();
      m.exec({ meetingId, actor, at: time, cluster: factsOf(cluster()), ...command } as MeetingCommand, actor, time);
    };
    const scheduledFor = new Date(clock + 14 * 86_400_000).toISOString();
    exec({
      type: 'ConveneMeeting',
      clusterId: sim.id,
      kind,
      title: kind === 'council' ? `Posiedzenie Rady Klastra ${sim.meetingsHeld}` : `Ogólne Zebranie Członków ${sim.meetingsHeld}`,
      scheduledFor,
      venue: random() < 0.5 ? { mode: 'in_person', place: 'Olsztyn, ul. Kołobrzeska 1' } : { mode: 'hybrid', place: 'Olsztyn', url: 'https://meet.example/klaster' },
      agenda: ['Otwarcie', 'Uchwały', 'Sprawozdanie koordynatora', 'Wolne wnioski'].map((title, i) => ({ itemId: `a${i + 1}`, title })),
    });
    yield;
    exec({ type: 'OpenMeeting' });
    yield;
    const charter = currentCharter(cluster()).charter;
    const attending = activeMembers(cluster()).filter((mm) => mm.kind === 'ordinary' || charter.honoraryMembersAttend);
    const present = attending.filter(() => random() < 0.85);
    for (let i = 0; i < present.length; i++) {
      const member = present[i];
      exec({ type: 'RecordAttendance', memberId: member.memberId, presence: random() < 0.3 ? 'online' : 'in_person' }, random() < 0.5 ? rep(member.memberId) : undefined);
      if (i % 6 === 5) yield;
    }
    yield;
    const presentVoters = present.filter((mm) => mm.kind === 'ordinary');
    const proxies = new Map<string, MemberState>();
    if (charter.proxiesAllowed && presentVoters.length > 0) {
      for (const grantor of attending.filter((mm) => mm.kind === 'ordinary' && !present.includes(mm))) {
        if (random() < 0.5) continue;
        const holder = pick(presentVoters);
        exec({ type: 'RegisterProxy', grantorMemberId: grantor.memberId, holderMemberId: holder.memberId, documentRef: `pełnomocnictwo ${randomUUID().slice(0, 8)}` });
        proxies.set(grantor.memberId, holder);
      }
      yield;
    }
    const votes = (kind === 'general' ? 5 : 3) + Math.floor(random() * 4);
    for (let v = 1; v <= votes && !writer.full; v++) {
      const voteId = `v${v}`;
      const secret = random() < 0.2;
      exec({
        type: 'OpenVote',
        voteId,
        agendaItemId: 'a2',
        motion: `Uchwała nr ${v} w sprawie ${pick(['przyjęcia planu działań', 'zmiany budżetu', 'przystąpienia do projektu', 'powołania zespołu'])}. ${LOREM}`,
        secrecy: secret ? 'secret' : 'named',
        decisionKind: 'ordinary_resolution',
        subject: { kind: 'general' },
      });
      counts.votes++;
      yield;
      const ballots: { memberId: string; castBy: string }[] = [
        ...presentVoters.filter(() => random() < 0.95).map((mm) => ({ memberId: mm.memberId, castBy: mm.memberId })),
        ...[...proxies].map(([grantor, holder]) => ({ memberId: grantor, castBy: holder.memberId })),
      ];
      const unsealed: Record<string, Choice> = {};
      for (let i = 0; i < ballots.length; i++) {
        const { memberId, castBy } = ballots[i];
        const actor = rep(castBy);
        const cast = (type: 'CastBallot' | 'CorrectBallot') => {
          const choice = pick(CHOICES);
          unsealed[memberId] = choice;
          exec({ type, voteId, memberId, choice, ...(secret ? { sealedChoice: randomBytes(48).toString('base64') } : {}) }, actor);
          counts.ballots++;
        };
        cast('CastBallot');
        if (random() < 0.03) cast('CorrectBallot');
        if (i % 8 === 7) yield;
      }
      yield;
      // As the server: the vote closes, then the reactor numbers it in the register and records the number on the meeting.
      const time = at();
      exec({ type: 'CloseVote', voteId, ...(secret ? { unsealed } : {}) });
      const year = Number(time.slice(0, 4));
      sim.register.exec({ type: 'AssignResolutionNumber', body: resolutionBody(m.state), year, meetingId, voteId }, '$klaster', time);
      sim.register.flush();
      const register = sim.register.state;
      let entry: (typeof register)[number] | undefined;
      for (let r = register.length - 1; r >= 0 && !entry; r--) if (register[r].meetingId === meetingId && register[r].voteId === voteId) entry = register[r];
      if (!entry) return; // the target cut the log here
      exec({ type: 'RecordResolutionNumber', voteId, resolution: { number: entry.number, body: entry.body, sequence: entry.sequence, year: entry.year } }, '$klaster');
      yield;
    }
    exec({ type: 'DraftMinutes', text: `Protokół z posiedzenia ${meetingId}. ${LOREM.repeat(6)}` });
    yield;
    exec({ type: 'CloseMeeting' });
  }

  function startMeeting(sim: ClusterSim, kind: 'council' | 'general') {
    // Qualified by the cluster, as the server writes them (`<clusterId>.<local>`).
    const meetingId = qualifiedId(sim.id, `${kind}-${++sim.meetingsHeld}`);
    const aggregate: MeetingAggregate = new Aggregate(meetingStreamId(meetingId), meetingDecider, parseMeetingEvent, writer);
    counts.meetings++;
    return { sim, meetingId, aggregate, acts: meeting(sim, meetingId, kind, aggregate) };
  }

  const meetingDone = (m: ReturnType<typeof startMeeting>) => {
    if (m.aggregate.written > 0) digests.set(`meetings/${m.meetingId}`, stateDigest(m.aggregate.state));
  };

  // ---- the calendar: every cluster meets each quarter, a few meetings in progress at a time ----
  const concurrent = options.concurrentMeetings ?? 8;
  let round = 0;
  const queue: { sim: ClusterSim; kind: 'council' | 'general' }[] = [];
  const nextMeeting = () => {
    if (queue.length === 0) {
      round++;
      for (const sim of [...sims].sort(() => random() - 0.5)) queue.push({ sim, kind: round % 4 === 0 ? 'general' : 'council' });
    }
    const { sim, kind } = queue.shift()!;
    return startMeeting(sim, kind);
  };
  const running = Array.from({ length: concurrent }, nextMeeting);
  let reported = 0;
  while (!writer.full) {
    const i = Math.floor(random() * running.length);
    const done = running[i].acts.next().done;
    running[i].aggregate.flush();
    if (done) {
      meetingDone(running[i]);
      betweenMeetings(running[i].sim);
      running[i] = nextMeeting();
    }
    await writer.settleIfBusy();
    if (options.onProgress && writer.events - reported >= 100_000) {
      reported = writer.events;
      options.onProgress(writer.events);
    }
  }
  // Meetings cut short by the target, and every other aggregate, as they ended.
  for (const m of running) {
    m.aggregate.flush();
    meetingDone(m);
  }
  await writer.settle();
  const readers: Record<string, string> = {};
  for (const sim of sims) {
    if (sim.cluster.state.founded) readers[sim.id] = coordinatorOf(sim.cluster.state);
    if (sim.cluster.written > 0) digests.set(`clusters/${sim.id}`, stateDigest(sim.cluster.state));
    if (sim.register.written > 0) digests.set(`resolutions/${sim.id}`, stateDigest(sim.register.state));
    for (const g of sim.groups) if (g.written > 0) digests.set(`groups/${g.state.groupId}`, stateDigest(g.state));
  }
  return { events: writer.events, appends: writer.appends, refused: writer.refused, clusters: sims.length, ...counts, types: writer.types, digests, readers };
}
