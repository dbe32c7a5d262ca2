import { conflict, forbidden, notFound, ruleBroken } from '../shared/rejection';
import { agreementTextHash, type AgreementSection } from './agreement-text';
import type { ClusterCommandOf } from './cluster.commands';
import type { ClusterEvent, SectionChange } from './cluster.events';
import { currentAgreement, currentCharter, isCoordinator, type ClusterState } from './cluster.state';
import { requireResolution } from './resolution-rules';
import { requireNamedConvener } from './vacant-office';

export function proposeAmendment(c: ClusterCommandOf<'ProposeAmendment'>, state: ClusterState): ClusterEvent[] {
  const member = state.members[c.memberId];
  if (!member || member.status !== 'active' || member.representative.personId !== c.actor) {
    throw forbidden(`Only the current representative of an active member may propose an amendment on its behalf`);
  }
  if (member.kind !== 'ordinary') throw ruleBroken('Honorary members do not propose amendments');
  if (state.amendments[c.amendmentId]) throw conflict(`Amendment '${c.amendmentId}' already exists`);
  applyChange(currentAgreement(state).sections, c.change); // refuses a change that does not fit the current text
  if (c.charterChange) requireNamedConvener(c.charterChange, Object.keys(state.members));
  return [
    {
      type: 'AmendmentProposed',
      data: {
        amendmentId: c.amendmentId,
        baseVersion: currentAgreement(state).version,
        change: c.change,
        ...(c.charterChange ? { charterChange: c.charterChange } : {}),
        rationale: c.rationale,
        proposedBy: { memberId: c.memberId, personId: c.actor },
        proposedAt: c.at,
      },
    },
  ];
}

export function withdrawAmendment(c: ClusterCommandOf<'WithdrawAmendment'>, state: ClusterState): ClusterEvent[] {
  const amendment = pendingAmendment(state, c.amendmentId);
  const proposer = state.members[amendment.proposedBy.memberId];
  if (c.actor !== amendment.proposedBy.personId && proposer?.representative.personId !== c.actor) {
    throw forbidden('Only the proposer may withdraw an amendment');
  }
  return [{ type: 'AmendmentWithdrawn', data: { amendmentId: c.amendmentId, withdrawnAt: c.at } }];
}

/**
 * Adoption needs a general-meeting resolution, under the amendment rule, on this very amendment,
 * that carried. It yields a new consolidated version of the agreement (and of the charter, if the
 * amendment changes it); later decisions are judged under the new charter.
 */
export function adoptAmendment(c: ClusterCommandOf<'AdoptAmendment'>, state: ClusterState): ClusterEvent[] {
  requireSecretary(state, c.actor);
  const amendment = pendingAmendment(state, c.amendmentId);
  const resolution = requireResolution(c.resolution, { decisionKind: 'amendment', generalMeeting: true, subject: { kind: 'amendment', amendmentId: c.amendmentId } });
  if (resolution.outcome !== 'adopted') throw ruleBroken(`Resolution ${resolution.resolution.number} rejected the amendment; record the rejection instead`);
  const current = currentAgreement(state);
  if (amendment.baseVersion !== current.version) {
    throw conflict(`The amendment was proposed against version ${amendment.baseVersion}, but version ${current.version} is now in force`);
  }
  const sections = applyChange(current.sections, amendment.change);
  const version = current.version + 1;
  const byResolution = { meetingId: c.meetingId, voteId: c.voteId, resolution: resolution.resolution };
  const events: ClusterEvent[] = [
    { type: 'AmendmentAdopted', data: { amendmentId: c.amendmentId, ...byResolution, agreementVersion: version, effectiveOn: c.effectiveOn } },
    {
      type: 'AgreementVersionAdopted',
      data: { version, title: current.title, sections, textHash: agreementTextHash({ title: current.title, sections }), effectiveOn: c.effectiveOn, amendmentId: c.amendmentId },
    },
  ];
  if (amendment.charterChange) {
    const charter = currentCharter(state);
    events.push({
      type: 'CharterAmended',
      data: { version: charter.version + 1, charter: { ...charter.charter, ...amendment.charterChange }, amendmentId: c.amendmentId, effectiveOn: c.effectiveOn },
    });
  }
  return events;
}

export function rejectAmendment(c: ClusterCommandOf<'RejectAmendment'>, state: ClusterState): ClusterEvent[] {
  requireSecretary(state, c.actor);
  pendingAmendment(state, c.amendmentId);
  const resolution = requireResolution(c.resolution, { decisionKind: 'amendment', generalMeeting: true, subject: { kind: 'amendment', amendmentId: c.amendmentId } });
  if (resolution.outcome !== 'rejected') throw ruleBroken(`Resolution ${resolution.resolution.number} adopted the amendment`);
  return [{ type: 'AmendmentRejected', data: { amendmentId: c.amendmentId, meetingId: c.meetingId, voteId: c.voteId, resolution: resolution.resolution } }];
}

/** The agreement's sections after a change; refuses a change that does not fit them. */
export function applyChange(sections: AgreementSection[], change: SectionChange): AgreementSection[] {
  const index = sections.findIndex((s) => s.number === change.section);
  switch (change.kind) {
    case 'replace':
      if (index < 0) throw ruleBroken(`The agreement has no ${change.section}`);
      return sections.map((s, i) => (i === index ? { number: s.number, title: change.title ?? s.title, text: change.text } : s));
    case 'add':
      if (index >= 0) throw ruleBroken(`The agreement already has ${change.section}`);
      return [...sections, { number: change.section, title: change.title, text: change.text }];
    case 'remove':
      if (index < 0) throw ruleBroken(`The agreement has no ${change.section}`);
      if (sections.length === 1) throw ruleBroken('The agreement cannot lose its last section');
      return sections.filter((_, i) => i !== index);
  }
}

function pendingAmendment(state: ClusterState, amendmentId: string) {
  const amendment = state.amendments[amendmentId];
  if (!amendment) throw notFound(`Amendment '${amendmentId}' does not exist`);
  if (amendment.status !== 'proposed') throw ruleBroken(`Amendment '${amendmentId}' is already ${amendment.status}`);
  return amendment;
}

export function requireSecretary(state: ClusterState, personId: string): void {
  if (!isCoordinator(state, personId)) throw forbidden("Only the coordinator's representative records the general meeting's decisions");
}
