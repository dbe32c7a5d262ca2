import type { RecordedEvent } from '@klaster/event-store';
import { formatInstant, hasMessage, inEveryLanguage, message, type Locale, type Params, type Texts } from '../messages/catalogue';

/** What the words of an act need that the event alone does not hold: names, the zone its dates are read in. */
export interface ActContext {
  timeZone: string;
  /** A member's organisation name (members are organisations: their names are not personal data). */
  memberName(memberId: string): string;
  /** A person's name as this reader may see it, "erased person" when erased, else the person id. */
  personName(personId: string, locale: Locale): string;
  /** The title of the meeting or the name of the group a stream holds, when known. */
  streamTitle(streamId: string): string | undefined;
}

type Data = Record<string, any>;

/**
 * The act an event records, in words, in every language: a message of the catalogue (`act.<type>`)
 * with the event's facts. Dates are read in the cluster's zone; people by the names this reader may
 * see (an erased person reads as erased; the event, which holds only ids, is not touched).
 */
export function describeAct(event: Pick<RecordedEvent, 'type' | 'data' | 'streamId'>, context: ActContext): Texts {
  const key = `act.${event.type}`;
  if (!hasMessage(key)) return inEveryLanguage('act.unknown', { type: event.type });
  const scope: Scope = { c: context, streamId: event.streamId, locale: 'pl', dependent: false };
  const pl = paramsOf(event, scope);
  // The same parameters serve every language unless a name or a date was put in words for one of them.
  let en = pl;
  if (scope.dependent) {
    scope.locale = 'en';
    en = paramsOf(event, scope);
  }
  return { pl: message('pl', key, pl), en: message('en', key, en) };
}

/**
 * What the parameters of one language are drawn from; `dependent` is set once a value depends on the
 * language (a person's name, a date). One object per act, not a closure per helper: an export
 * describes every event of the log.
 */
interface Scope {
  c: ActContext;
  streamId: string;
  locale: Locale;
  dependent: boolean;
}

const member = (s: Scope, id?: string) => (id ? s.c.memberName(id) : '—');
function person(s: Scope, id?: string): string {
  s.dependent = true;
  return id ? s.c.personName(id, s.locale) : '—';
}
// Only the acts of a meeting or a group name it: not looked up for the others.
const title = (s: Scope) => s.c.streamTitle(s.streamId) ?? s.streamId.slice(s.streamId.indexOf('-') + 1);
const ref = (r?: { number?: string }) => r?.number ?? '—';
function common(s: Scope): Params {
  const named = title(s);
  return { meeting: named, group: named };
}
function formatAt(s: Scope, instant: string): string {
  s.dependent = true;
  return formatInstant(instant, s.locale, s.c.timeZone);
}

/** The message's parameters in the scope's language. */
function paramsOf(event: Pick<RecordedEvent, 'type' | 'data' | 'streamId'>, s: Scope): Params {
  const d = (event.data ?? {}) as Data;
  switch (event.type) {
    case 'ClusterFounded':
      return { name: d.name, foundedOn: d.foundedOn, coordinator: member(s, d.coordinatorMemberId) };
    case 'TimeZoneChanged':
      return { previous: d.previous, timeZone: d.timeZone };
    case 'RegistrarAppointed':
    case 'RegistrarRevoked':
    case 'AuditorAppointed':
    case 'AuditorRevoked':
      return { person: person(s, d.personId) };
    case 'MemberAdmitted':
      return { kind: d.kind, member: d.organisation?.name ?? member(s, d.memberId), admittedOn: d.admittedOn, person: person(s, d.representative?.personId) };
    case 'CoordinatorAppointed':
      return { member: member(s, d.memberId) };
    case 'RepresentativeChanged':
      return { member: member(s, d.memberId), person: person(s, d.representative?.personId) };
    case 'MemberWithdrew':
      return { member: member(s, d.memberId), withdrawnOn: d.withdrawnOn, notice: d.writtenNoticeRef };
    case 'InvitationIssued':
      return { role: d.role, member: member(s, d.memberId), person: person(s, d.invitedBy), expiresAt: d.expiresAt ? formatAt(s, d.expiresAt) : '—' };
    case 'InvitationRevoked':
      return { invitation: d.invitationId, person: person(s, d.revokedBy) };
    case 'InvitationAccepted':
      return { role: d.role, member: member(s, d.memberId), person: person(s, d.personId) };
    case 'SigningKeyRegistered':
      return { keyId: d.keyId, person: person(s, d.personId) };
    case 'AgreementSigned':
      return { member: member(s, d.memberId), version: d.version, signed: d.signature ? 'yes' : 'no' };
    case 'AgreementEnteredIntoForce':
      return { version: d.version, effectiveOn: d.effectiveOn };
    case 'AmendmentProposed':
      return { member: member(s, d.proposedBy?.memberId), amendment: d.amendmentId, section: d.change?.section ?? '—', baseVersion: d.baseVersion };
    case 'AmendmentWithdrawn':
      return { amendment: d.amendmentId };
    case 'AmendmentAdopted':
      return { amendment: d.amendmentId, resolution: ref(d.resolution), version: d.agreementVersion, effectiveOn: d.effectiveOn };
    case 'AmendmentRejected':
      return { amendment: d.amendmentId, resolution: ref(d.resolution) };
    case 'AgreementVersionAdopted':
      return { version: d.version };
    case 'CharterAmended':
      return { version: d.version, effectiveOn: d.effectiveOn };
    case 'AnnualReportSubmitted':
      return { year: String(d.year), title: d.title };
    case 'AnnualReportAccepted':
    case 'AnnualReportRejected':
    case 'AbsolutionGranted':
    case 'AbsolutionRefused':
    case 'ActionPlanAdopted':
    case 'ActionPlanRejected':
    case 'ThematicNetworksEvaluated':
      return { year: String(d.year), resolution: ref(d.resolution) };
    case 'MeetingConvened':
      return { meeting: d.title ?? title(s), scheduledFor: d.scheduledFor ? formatAt(s, d.scheduledFor) : '—' };
    case 'AgendaItemAdded':
      return { ...common(s), title: d.title };
    case 'AttendanceRecorded':
      return { ...common(s), member: member(s, d.memberId), presence: d.presence };
    case 'ProxyRegistered':
      return { ...common(s), grantor: member(s, d.grantorMemberId), holder: member(s, d.holderMemberId), document: d.documentRef };
    case 'ProxyRevoked':
      return { grantor: member(s, d.grantorMemberId), holder: member(s, d.holderMemberId) };
    case 'VoteOpened':
      return { secrecy: d.secrecy, motion: d.motion, charterVersion: d.charterVersion };
    case 'BallotCast':
    case 'BallotCorrected':
      return { member: member(s, d.memberId), choice: d.choice ?? 'secret' };
    case 'VoteClosed':
      return { outcome: d.outcome, yes: d.tally?.yes ?? 0, no: d.tally?.no ?? 0, abstain: d.tally?.abstain ?? 0, quorum: d.quorum?.reached ? 'yes' : 'no' };
    case 'VoteCountsRecorded':
      return { minutes: d.minutes, outcome: d.outcome, yes: d.tally?.yes ?? 0, no: d.tally?.no ?? 0, abstain: d.tally?.abstain ?? 0, quorum: d.quorum?.reached ? 'yes' : 'no' };
    case 'ResolutionNumbered':
    case 'ElectionResolutionNumbered':
      return { number: ref(d.resolution) };
    case 'MinutesDrafted':
    case 'MinutesCorrected':
    case 'MinutesLocked':
      return { version: d.version };
    case 'MinutesApproved':
      return { version: d.version, number: ref(d.resolution) };
    case 'MeetingCancelled':
      return { ...common(s), reason: d.reason };
    case 'GroupRequested':
      return { group: d.name ?? title(s) };
    case 'MemberJoinedGroup':
    case 'MemberLeftGroup':
      return { ...common(s), member: member(s, d.memberId) };
    case 'GroupBecameActive':
    case 'GroupBecameInactive':
      return { ...common(s), count: d.memberCount };
    case 'GroupLeaderAppointed':
      return { ...common(s), person: person(s, d.personId), member: member(s, d.memberId) };
    case 'TaskAdded':
      return { title: d.title, member: member(s, d.responsibleMemberId), deadline: d.deadline };
    case 'TaskReassigned':
      return { task: d.taskId, member: member(s, d.responsibleMemberId), deadline: d.deadline };
    case 'TaskCompleted':
      return { task: d.taskId };
    case 'GroupDissolved':
      return { ...common(s), reason: d.reason };
    case 'ElectionCalled':
      return { charterVersion: d.charterVersion };
    case 'CandidateNominated':
    case 'NominationAccepted':
    case 'CandidacyWithdrawn':
      return { member: member(s, d.memberId) };
    case 'RoundOpened':
    case 'RunoffOpened':
    case 'ElectionInconclusive':
      return { round: d.round };
    case 'ElectionBallotCast':
      return { member: member(s, d.memberId), round: d.round };
    case 'RoundClosed':
      return { round: d.round, outcome: d.outcome };
    case 'LeaderElected':
      return { member: member(s, d.memberId), round: d.round };
    case 'ResolutionNumberAssigned':
      return { number: d.number, body: d.body };
    case 'SealRecorded':
      return { sequence: d.sequence, streams: Array.isArray(d.streams) ? d.streams.length : 0, position: d.throughPosition, root: String(d.root).slice(0, 16) };
    default:
      return common(s);
  }
}
