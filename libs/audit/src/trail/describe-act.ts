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
  const language = { dependent: false };
  const pl = paramsOf(event, context, 'pl', language);
  // The same parameters serve every language unless a name or a date was put in words for one of them.
  const en = language.dependent ? paramsOf(event, context, 'en', language) : pl;
  return { pl: message('pl', key, pl), en: message('en', key, en) };
}

/** The message's parameters in one language; `language.dependent` is set once a value depends on it (a person, a date). */
function paramsOf(event: Pick<RecordedEvent, 'type' | 'data' | 'streamId'>, c: ActContext, locale: Locale, language: { dependent: boolean }): Params {
  const d = (event.data ?? {}) as Data;
  const member = (id?: string) => (id ? c.memberName(id) : '—');
  const person = (id?: string) => ((language.dependent = true), id ? c.personName(id, locale) : '—');
  // Only the acts of a meeting or a group name it: not looked up for the others.
  const title = () => c.streamTitle(event.streamId) ?? event.streamId.slice(event.streamId.indexOf('-') + 1);
  const ref = (r?: { number?: string }) => r?.number ?? '—';
  const common = (): Params => {
    const named = title();
    return { meeting: named, group: named };
  };
  switch (event.type) {
    case 'ClusterFounded':
      return { name: d.name, foundedOn: d.foundedOn, coordinator: member(d.coordinatorMemberId) };
    case 'TimeZoneChanged':
      return { previous: d.previous, timeZone: d.timeZone };
    case 'RegistrarAppointed':
    case 'RegistrarRevoked':
    case 'AuditorAppointed':
    case 'AuditorRevoked':
      return { person: person(d.personId) };
    case 'MemberAdmitted':
      return { kind: d.kind, member: d.organisation?.name ?? member(d.memberId), admittedOn: d.admittedOn, person: person(d.representative?.personId) };
    case 'CoordinatorAppointed':
      return { member: member(d.memberId) };
    case 'RepresentativeChanged':
      return { member: member(d.memberId), person: person(d.representative?.personId) };
    case 'MemberWithdrew':
      return { member: member(d.memberId), withdrawnOn: d.withdrawnOn, notice: d.writtenNoticeRef };
    case 'SigningKeyRegistered':
      return { keyId: d.keyId, person: person(d.personId) };
    case 'AgreementSigned':
      return { member: member(d.memberId), version: d.version, signed: d.signature ? 'yes' : 'no' };
    case 'AgreementEnteredIntoForce':
      return { version: d.version, effectiveOn: d.effectiveOn };
    case 'AmendmentProposed':
      return { member: member(d.proposedBy?.memberId), amendment: d.amendmentId, section: d.change?.section ?? '—', baseVersion: d.baseVersion };
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
      language.dependent = true;
      return { meeting: d.title ?? title(), scheduledFor: d.scheduledFor ? formatAt(d.scheduledFor, locale, c) : '—' };
    case 'AgendaItemAdded':
      return { ...common(), title: d.title };
    case 'AttendanceRecorded':
      return { ...common(), member: member(d.memberId), presence: d.presence };
    case 'ProxyRegistered':
      return { ...common(), grantor: member(d.grantorMemberId), holder: member(d.holderMemberId), document: d.documentRef };
    case 'ProxyRevoked':
      return { grantor: member(d.grantorMemberId), holder: member(d.holderMemberId) };
    case 'VoteOpened':
      return { secrecy: d.secrecy, motion: d.motion, charterVersion: d.charterVersion };
    case 'BallotCast':
    case 'BallotCorrected':
      return { member: member(d.memberId), choice: d.choice ?? 'secret' };
    case 'VoteClosed':
      return { outcome: d.outcome, yes: d.tally?.yes ?? 0, no: d.tally?.no ?? 0, abstain: d.tally?.abstain ?? 0, quorum: d.quorum?.reached ? 'yes' : 'no' };
    case 'ResolutionNumbered':
      return { number: ref(d.resolution) };
    case 'MinutesDrafted':
    case 'MinutesCorrected':
    case 'MinutesLocked':
      return { version: d.version };
    case 'MinutesApproved':
      return { version: d.version, number: ref(d.resolution) };
    case 'MeetingCancelled':
      return { ...common(), reason: d.reason };
    case 'GroupRequested':
      return { group: d.name ?? title() };
    case 'MemberJoinedGroup':
    case 'MemberLeftGroup':
      return { ...common(), member: member(d.memberId) };
    case 'GroupBecameActive':
    case 'GroupBecameInactive':
      return { ...common(), count: d.memberCount };
    case 'GroupLeaderAppointed':
      return { ...common(), person: person(d.personId), member: member(d.memberId) };
    case 'TaskAdded':
      return { title: d.title, member: member(d.responsibleMemberId), deadline: d.deadline };
    case 'TaskReassigned':
      return { task: d.taskId, member: member(d.responsibleMemberId), deadline: d.deadline };
    case 'TaskCompleted':
      return { task: d.taskId };
    case 'GroupDissolved':
      return { ...common(), reason: d.reason };
    case 'ElectionCalled':
      return { charterVersion: d.charterVersion };
    case 'CandidateNominated':
    case 'NominationAccepted':
    case 'CandidacyWithdrawn':
      return { member: member(d.memberId) };
    case 'RoundOpened':
    case 'RunoffOpened':
    case 'ElectionInconclusive':
      return { round: d.round };
    case 'ElectionBallotCast':
      return { member: member(d.memberId), round: d.round };
    case 'RoundClosed':
      return { round: d.round, outcome: d.outcome };
    case 'LeaderElected':
      return { member: member(d.memberId), round: d.round };
    case 'ResolutionNumberAssigned':
      return { number: d.number, body: d.body };
    case 'SealRecorded':
      return { sequence: d.sequence, streams: Array.isArray(d.streams) ? d.streams.length : 0, position: d.throughPosition, root: String(d.root).slice(0, 16) };
    default:
      return common();
  }
}

const formatAt = (instant: string, locale: Locale, c: ActContext) => formatInstant(instant, locale, c.timeZone);
