import type { Readable } from 'node:stream';
import {
  ballotsFrom,
  clusterDecider,
  clusterStreamId,
  meetingDecider,
  meetingStreamId,
  parseClusterEvent,
  parseMeetingEvent,
  parseResolutionRegisterEvent,
  resolutionRegisterDecider,
  resolutionRegisterStreamId,
  type ClusterState,
  type MeetingState,
  type QuorumRule,
} from '@klaster/domain';
import { occurredAtOf, type EventStore } from '@klaster/event-store';
import { formatInstant, message, type Locale, type MessageKey, type Params } from '../messages/catalogue';
import type { RecordedSeal } from '../seal/sealer';
import type { PeopleLookup } from '../trail/trail';
import { PdfWriter } from './pdf-writer';
import { foldSealed, sealedRevision } from './sealed-fold';

export interface DocumentOptions {
  /** The seal the document is drawn from: it shows exactly what the seal commits to, and says so on every page. */
  seal: RecordedSeal;
  locale: Locale;
  people: PeopleLookup;
  now?: () => Date;
}

/** A document not in the sealed record (no such meeting, version, body…). */
export class NoSuchDocument extends Error {}

const idsOnly: PeopleLookup = () => ({ name: null, erased: false });

class DocumentText {
  constructor(
    readonly locale: Locale,
    readonly timeZone: string,
    private readonly people: PeopleLookup,
  ) {}
  t = (key: MessageKey, params: Params = {}) => message(this.locale, key, params);
  at = (instant: string) => formatInstant(instant, this.locale, this.timeZone);
  day = (instant: string) => formatInstant(instant, this.locale, this.timeZone, true);
  person = (personId: string) => {
    const p = this.people(personId);
    return p.erased ? this.t('actor.erased') : (p.name ?? personId);
  };
  quorum = (rule: QuorumRule) =>
    rule.kind === 'none' ? this.t('doc.quorum.none') : this.t(rule.kind === 'fraction_of_members' ? 'doc.quorum.members' : 'doc.quorum.weight', { percent: Math.round(rule.fraction * 1000) / 10 });
}

function footer(text: DocumentText, seal: RecordedSeal, now: Date) {
  const s = seal.seal;
  const drawn = text.t('doc.drawnFrom', {
    position: s.throughPosition,
    sequence: s.sequence,
    sealedAt: text.at(s.sealedAt),
    root: s.root,
    signed: s.signature ? 'yes' : 'no',
    keyId: s.signature?.keyId ?? '',
  });
  return (page: number, pages: number) => [drawn, `${text.t('doc.generatedAt', { at: text.at(now.toISOString()) })} · ${text.t('doc.page', { page, pages })}`];
}

async function sealedCluster(store: EventStore, clusterId: string, seal: RecordedSeal): Promise<ClusterState> {
  const cluster = await foldSealed(store, seal, clusterStreamId(clusterId), clusterDecider, parseClusterEvent);
  if (!cluster.founded) throw new NoSuchDocument(`Cluster ${clusterId} is not in the sealed record`);
  return cluster;
}

const memberName = (cluster: ClusterState, memberId: string) => cluster.members[memberId]?.organisation.name ?? memberId;

/**
 * A meeting's minutes: attendance, agenda, each vote with its rule, quorum and result (each member's
 * ballot in a named vote), the numbered resolutions, the minutes and their approval.
 */
export async function minutesPdf(store: EventStore, clusterId: string, meetingId: string, options: DocumentOptions): Promise<Readable> {
  const { seal } = options;
  const cluster = await sealedCluster(store, clusterId, seal);
  let place = '—';
  const meeting: MeetingState = await foldSealed(store, seal, meetingStreamId(meetingId), meetingDecider, parseMeetingEvent, (e) => {
    if (e.type !== 'MeetingConvened') return;
    const venue = (e.data as { venue?: { place?: string; url?: string; mode?: string } }).venue;
    place = [venue?.place, venue?.url].filter(Boolean).join(' · ') || venue?.mode || '—';
  });
  if (!meeting.exists || meeting.clusterId !== clusterId) throw new NoSuchDocument(`No meeting ${meetingId} of ${clusterId} in the sealed record`);
  const x = new DocumentText(options.locale, cluster.timeZone, options.people ?? idsOnly);
  const w = new PdfWriter(x.t('doc.minutes.title', { meeting: meeting.title }), options.locale);
  w.title(x.t('doc.minutes.title', { meeting: meeting.title }));
  w.line(x.t('doc.minutes.cluster', { cluster: cluster.name }));
  w.line(x.t('doc.minutes.kind', { kind: meeting.kind }));
  w.line(x.t('doc.minutes.when', { when: x.at(meeting.scheduledFor), place }));
  w.line(x.t('doc.minutes.status', { status: meeting.status }));

  w.heading(x.t('doc.minutes.attendance'));
  const attendance = Object.entries(meeting.attendance);
  if (attendance.length === 0) w.line(x.t('doc.minutes.noAttendance'));
  for (const [memberId, a] of attendance) w.item(x.t('doc.minutes.present', { member: memberName(cluster, memberId), presence: a.presence, person: x.person(a.personId) }));
  for (const [grantor, p] of Object.entries(meeting.proxies)) {
    w.item(x.t('doc.minutes.proxy', { holder: memberName(cluster, p.holderMemberId), grantor: memberName(cluster, grantor), document: p.documentRef }));
  }

  w.heading(x.t('doc.minutes.agenda'));
  meeting.agenda.forEach((item, i) => w.line(`${i + 1}. ${item.title}${item.description ? ` — ${item.description}` : ''}`));

  w.heading(x.t('doc.minutes.votes'));
  const votes = Object.values(meeting.votes);
  if (votes.length === 0) w.line(x.t('doc.minutes.noVotes'));
  for (const vote of votes) {
    w.gap(0.3);
    if (vote.result?.resolution) w.line(x.t('doc.minutes.resolution', { number: vote.result.resolution.number }), { bold: true });
    w.line(x.t('doc.minutes.vote', { motion: vote.motion }), { bold: !vote.result?.resolution });
    w.line(x.t('doc.minutes.rule', { majority: vote.rule.majority, quorum: x.quorum(vote.rule.quorum), charterVersion: vote.charterVersion, secrecy: vote.secrecy }));
    const r = vote.result;
    w.line(
      x.t('doc.minutes.result', {
        outcome: r?.outcome ?? 'open',
        yes: r?.tally.yes ?? 0,
        no: r?.tally.no ?? 0,
        abstain: r?.tally.abstain ?? 0,
        present: r?.quorum.present ?? 0,
        entitled: r?.quorum.entitled ?? 0,
        reached: r?.quorum.reached ? 'yes' : 'no',
      }),
    );
    const ballots = [...ballotsFrom(vote.ballots).values()];
    if (vote.secrecy === 'secret') w.line(x.t('doc.minutes.secretBallots', { ballots: ballots.length }));
    else for (const b of ballots) w.item(x.t('doc.minutes.ballot', { member: memberName(cluster, b.memberId), choice: b.choice ?? 'none', proxy: b.viaProxyOf ? memberName(cluster, b.viaProxyOf) : 'none' }), 24);
  }

  if (meeting.minutes.version > 0) {
    w.heading(x.t('doc.minutes.text', { version: meeting.minutes.version }));
    w.line(meeting.minutes.text);
  }
  w.heading(x.t('doc.minutes.approval'));
  w.line(
    meeting.minutes.approvedBy
      ? x.t('doc.minutes.approved', { version: meeting.minutes.version, number: meeting.minutes.approvedBy.number, locked: meeting.minutes.status === 'locked' ? 'yes' : 'no' })
      : x.t('doc.minutes.notApproved'),
  );
  return w.finish(footer(x, seal, options.now?.() ?? new Date()));
}

/** The label of a body of the register: `council`, `general_meeting`, `forum`, or `group:<groupId>`. */
function bodyLabel(x: DocumentText, body: string, groupName?: string): string {
  if (body.startsWith('group:')) return x.t('body.group', { group: groupName ?? body.slice('group:'.length) });
  return body === 'council' || body === 'general_meeting' || body === 'forum' ? x.t(`body.${body}`) : body;
}

/** A year's register of resolutions of one body: each resolution's number, outcome, day and motion. */
export async function registerPdf(store: EventStore, clusterId: string, body: string, year: number, options: DocumentOptions): Promise<Readable> {
  const { seal } = options;
  const cluster = await sealedCluster(store, clusterId, seal);
  const days = new Map<string, string>();
  const register = await foldSealed(store, seal, resolutionRegisterStreamId(clusterId), resolutionRegisterDecider, parseResolutionRegisterEvent, (e) => {
    const d = e.data as { meetingId: string; voteId: string };
    days.set(`${d.meetingId}/${d.voteId}`, occurredAtOf(e));
  });
  const entries = register.filter((r) => r.body === body && r.year === year).sort((a, b) => a.sequence - b.sequence);
  const x = new DocumentText(options.locale, cluster.timeZone, options.people ?? idsOnly);
  const meetings = new Map<string, MeetingState>();
  for (const meetingId of new Set(entries.map((e) => e.meetingId))) {
    meetings.set(meetingId, await foldSealed(store, seal, meetingStreamId(meetingId), meetingDecider, parseMeetingEvent));
  }
  const title = x.t('doc.register.title', { body: bodyLabel(x, body), year: String(year) });
  const w = new PdfWriter(title, options.locale).title(title);
  w.line(x.t('doc.register.cluster', { cluster: cluster.name })).gap();
  if (entries.length === 0) w.line(x.t('doc.register.empty'));
  for (const e of entries) {
    const meeting = meetings.get(e.meetingId);
    const vote = e.voteId === undefined ? undefined : meeting?.votes[e.voteId];
    const at = days.get(`${e.meetingId}/${e.voteId}`);
    w.item(x.t('doc.register.entry', { number: e.number, outcome: vote?.result?.outcome ?? 'unknown', day: at ? x.day(at) : '—', motion: vote?.motion ?? '—', meeting: meeting?.title ?? e.meetingId }), 0);
    w.gap(0.2);
  }
  return w.finish(footer(x, seal, options.now?.() ?? new Date()));
}

/** The agreement's consolidated text at a version, with the register of its signatures. */
export async function agreementPdf(store: EventStore, clusterId: string, version: number, options: DocumentOptions): Promise<Readable> {
  const { seal } = options;
  const cluster = await sealedCluster(store, clusterId, seal);
  const agreement = cluster.agreements.find((a) => a.version === version);
  if (!agreement) throw new NoSuchDocument(`No version ${version} of ${clusterId}'s agreement in the sealed record`);
  const x = new DocumentText(options.locale, cluster.timeZone, options.people ?? idsOnly);
  const title = x.t('doc.agreement.title', { title: agreement.title, version });
  const w = new PdfWriter(title, options.locale).title(title);
  w.line(x.t('doc.minutes.cluster', { cluster: cluster.name }));
  w.line(agreement.inForceSince ? x.t('doc.agreement.inForce', { day: agreement.inForceSince }) : x.t('doc.agreement.notInForce'));
  w.line(x.t('doc.agreement.hash', { hash: agreement.textHash }));
  for (const section of agreement.sections) {
    w.heading(`${section.number}${section.title ? ` ${section.title}` : ''}`);
    w.line(section.text);
  }
  w.heading(x.t('doc.agreement.signatures'));
  const signatures = cluster.signatures.filter((s) => s.version === version);
  if (signatures.length === 0) w.line(x.t('doc.agreement.noSignatures'));
  for (const s of signatures) {
    w.item(
      x.t('doc.agreement.signature', {
        organisation: s.organisation,
        person: x.person(s.personId),
        role: s.role,
        at: x.at(s.signedAt),
        hash: s.textHash,
        signed: s.signature ? 'yes' : 'no',
        keyId: s.signature?.keyId ?? '',
      }),
      0,
    );
  }
  return w.finish(footer(x, seal, options.now?.() ?? new Date()));
}

export { sealedRevision };
