import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  dayIn,
  yearIn,
  clusterDecider,
  clusterStreamId,
  mayRead,
  membersRepresentedBy,
  notFound,
  parseClusterEvent,
  resolutionRegisterStreamId,
  type ClusterState,
  type ElectionState,
  type GroupState,
  type MeetingState,
  type ResolutionRegisterState,
} from '@klaster/domain';
import { StreamNotFound, occurredAtOf, type EventStore, type RecordedEvent } from '@klaster/event-store';
import { compliance, inbox } from '@klaster/projections';
import { EVENT_STORE } from '../event-store/event-store.module';
import { load } from '../command-handling/execute-on-stream';
import { ReadModels } from '../projections/read-models.service';
import { readableClusterDoc } from '../projections/read-query';
import type { ComplianceView, InboxView, ResolutionView } from './reads.views';

export class GetComplianceQuery {
  constructor(
    readonly clusterId: string,
    readonly personId: string,
    /** Default: this year in the cluster's zone. */
    readonly year: number | undefined,
    readonly at: string,
    readonly position?: bigint,
  ) {}
}

export class GetInboxQuery {
  constructor(
    readonly personId: string,
    readonly at: string,
    readonly position?: bigint,
  ) {}
}

export class GetResolutionQuery {
  constructor(
    readonly clusterId: string,
    readonly personId: string,
    readonly body: string,
    /** n/yyyy */
    readonly number: string,
    readonly position?: bigint,
  ) {}
}

/** The cluster's compliance with its charter for a year, from the read models. */
@QueryHandler(GetComplianceQuery)
export class GetComplianceHandler implements IQueryHandler<GetComplianceQuery> {
  constructor(private readonly models: ReadModels) {}

  async execute({ clusterId, personId, year, at, position }: GetComplianceQuery): Promise<ComplianceView> {
    await this.models.reached(position);
    const cluster = readableClusterDoc(this.models, clusterId, personId).state;
    const meetings = this.models.byCluster<MeetingState>('meetings', clusterId).map((d) => d.state);
    const groups = this.models.byCluster<GroupState>('groups', clusterId).map((d) => d.state);
    return compliance({ cluster, meetings, groups, year: year ?? yearIn(at, cluster.timeZone), at });
  }
}

/** A person's open votes and tasks across the clusters where they represent a member, from the read models. */
@QueryHandler(GetInboxQuery)
export class GetInboxHandler implements IQueryHandler<GetInboxQuery> {
  constructor(private readonly models: ReadModels) {}

  async execute({ personId, at, position }: GetInboxQuery): Promise<InboxView> {
    await this.models.reached(position);
    const clusters = this.models
      .all<ClusterState>('clusters')
      .map((d) => d.doc.state)
      .filter((c) => mayRead(c, personId) && membersRepresentedBy(c, personId).length > 0);
    const meetings = clusters.flatMap((c) => this.models.byCluster<MeetingState>('meetings', c.clusterId).map((d) => d.state));
    const groups = clusters.flatMap((c) => this.models.byCluster<GroupState>('groups', c.clusterId).map((d) => d.state));
    return inbox({ personId, clusters, meetings, groups, at });
  }
}

/**
 * One resolution of the register: its meeting and vote (named votes with each member's ballot, secret
 * ones with counts only), the charter version it was judged under, and the agreement version in force
 * when it passed — the cluster stream folded up to the resolution's position.
 */
@QueryHandler(GetResolutionQuery)
export class GetResolutionHandler implements IQueryHandler<GetResolutionQuery> {
  constructor(
    private readonly models: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ clusterId, personId, body, number, position }: GetResolutionQuery): Promise<ResolutionView> {
    await this.models.reached(position);
    const cluster = readableClusterDoc(this.models, clusterId, personId).state;
    const missing = () => notFound(`No resolution ${number} of '${body}' in the register of cluster '${clusterId}'`);
    const entry = (this.models.doc<ResolutionRegisterState>('resolutions', clusterId)?.state ?? []).find((r) => r.body === body && r.number === number);
    if (!entry) throw missing();
    const numbered = await this.numberingEvent(clusterId, entry);
    if (!numbered) throw missing();

    const meeting = this.models.doc<MeetingState>('meetings', entry.meetingId)?.state;
    const vote = entry.voteId !== undefined ? meeting?.votes[entry.voteId] : undefined;
    const election = entry.electionId !== undefined ? this.models.doc<ElectionState>('elections', entry.electionId)?.state : undefined;
    // The agreement and charter as they stood when the vote closed: acts that had occurred by then.
    const passedAt = Date.parse(occurredAtOf(numbered));
    const then = (await load(this.store, clusterDecider, parseClusterEvent, clusterStreamId(clusterId), (e) => Date.parse(occurredAtOf(e)) <= passedAt)).state;
    const passedOn = dayIn(occurredAtOf(numbered), cluster.timeZone);
    const inForce = [...then.agreements].reverse().find((a) => a.inForceSince !== undefined && a.inForceSince <= passedOn);
    const charterVersion = vote?.charterVersion ?? (election?.exists ? election.charterVersion : undefined) ?? then.charters[then.charters.length - 1]?.version;
    const charter = cluster.charters.find((c) => c.version === charterVersion);

    return {
      clusterId,
      body: entry.body,
      number: entry.number,
      year: entry.year,
      sequence: entry.sequence,
      position: numbered.position.toString(),
      passedOn,
      occurredAt: occurredAtOf(numbered),
      recordedAt: numbered.metadata.recordedAt,
      meeting: meeting ? { meetingId: meeting.meetingId, kind: meeting.kind, title: meeting.title, scheduledFor: meeting.scheduledFor, status: meeting.status } : { meetingId: entry.meetingId },
      vote: entry.voteId === undefined ? null : vote ? voteOfResolution(vote) : { voteId: entry.voteId },
      election: entry.electionId === undefined ? null : election?.exists ? electionOfResolution(election) : { electionId: entry.electionId },
      charter: charter ? { version: charter.version, ...charter.charter } : null,
      agreement: inForce ? { version: inForce.version, title: inForce.title, textHash: inForce.textHash, inForceSince: inForce.inForceSince } : null,
      latestAgreementVersion: then.agreements[then.agreements.length - 1]?.version ?? null,
    };
  }

  /** The register's event that gave the vote (or the election) its number: its position and recorded time. */
  private async numberingEvent(clusterId: string, entry: ResolutionRegisterState[number]): Promise<RecordedEvent | undefined> {
    try {
      for await (const e of this.store.readStream(resolutionRegisterStreamId(clusterId))) {
        const d = e.data as { meetingId?: string; voteId?: string; electionId?: string };
        if (d.meetingId === entry.meetingId && d.voteId === entry.voteId && d.electionId === entry.electionId) return e;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFound)) throw error;
    }
    return undefined;
  }
}

/** The vote a resolution was: named votes with each member's ballot; a secret one with its counts and nothing else. */
function voteOfResolution(vote: MeetingState['votes'][string]) {
  return {
    voteId: vote.voteId,
    agendaItemId: vote.agendaItemId,
    motion: vote.motion,
    secrecy: vote.secrecy,
    decisionKind: vote.decisionKind,
    subject: vote.subject,
    rule: vote.rule,
    status: vote.status,
    outcome: vote.result?.outcome ?? null,
    tally: vote.result?.tally ?? null,
    quorum: vote.result?.quorum ?? null,
    ballots:
      vote.secrecy === 'named'
        ? [...vote.ballots.values()].map((b) => ({ memberId: b.memberId, choice: b.choice ?? null, weight: b.weight, castBy: b.castBy, viaProxyOf: b.viaProxyOf }))
        : null,
  };
}

/** The leader election a resolution was: whom it elected, in which round, and that round's counts and ballots. */
function electionOfResolution(election: ElectionState) {
  const deciding = election.elected ? election.rounds[election.elected.round] : undefined;
  return {
    electionId: election.electionId,
    reason: election.reason,
    rule: election.rule,
    status: election.status,
    elected: election.elected ?? null,
    round: deciding
      ? {
          round: deciding.round,
          kind: deciding.kind,
          counts: deciding.result?.counts ?? [],
          abstain: deciding.result?.abstain ?? 0,
          cast: deciding.result?.cast ?? 0,
          quorum: deciding.result?.quorum ?? null,
          ballots: [...deciding.ballots.values()].map((b) => ({ memberId: b.memberId, candidateMemberId: b.candidateMemberId, weight: b.weight, castBy: b.castBy })),
        }
      : null,
  };
}
