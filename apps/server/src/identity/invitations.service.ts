import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { Rejection, conflict, forbidden, ruleBroken, isCoordinator, isOpenInvitation, invitationByTokenHash, mayRead, notFound, type ClusterCommand, type ClusterState, type InvitationRole } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../event-store/event-store.module';
import { ExecuteClusterCommand } from '../clusters/commands/execute-cluster-command';
import { loadCluster } from '../command-handling/load-aggregates';
import type { CommandOutcome } from '../command-handling/execute-on-stream';
import { executeOptions, type CommandHeaders } from '../http/command-headers';
import { ReadModels } from '../projections/read-models.service';
import { IDENTITY_SETTINGS } from './sessions.service';
import type { IdentitySettings } from './identity-config';
import { InvitationMailer } from './invitation-mail';
import type { MailLocale } from './mail-messages';
import { invitationLink, newInvitationToken, readInvitationToken } from './invitation-token';

export interface IssueInvitationRequest {
  role: InvitationRole;
  memberId?: string;
  representativeRole?: string;
  validForDays?: number;
  email?: string;
  locale?: MailLocale;
}

/** What the holder of a link sees before accepting. */
export interface InvitationPreview {
  clusterId: string;
  clusterName: string;
  role: InvitationRole;
  member: { memberId: string; organisation: string } | null;
  expiresAt: string;
  status: 'open' | 'accepted' | 'revoked' | 'expired';
}

/** An open invitation, as the coordinator lists them (no token: it was shown once). */
export interface OpenInvitation {
  invitationId: string;
  role: InvitationRole;
  memberId: string | null;
  organisation: string | null;
  representativeRole: string | null;
  invitedBy: string;
  issuedAt: string;
  expiresAt: string;
}

const noSuchInvitation = () => notFound('No such invitation: check the link, or ask for a new one', 'invitation_not_found');

/**
 * Invitations: issued, revoked and accepted as acts on the cluster's stream (so every instance and
 * every auditor sees them); the token is made here, shown once, and kept only as its sha256.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
    private readonly mailer: InvitationMailer,
    private readonly models: ReadModels,
  ) {}

  async issue(clusterId: string, actor: string, request: IssueInvitationRequest, origin: string, headers: CommandHeaders) {
    const { token, tokenHash } = newInvitationToken(clusterId);
    const now = new Date();
    const expiresAt = new Date(now.getTime() + (request.validForDays ?? this.settings.invitationTtlDays) * 86_400_000).toISOString();
    const invitationId = randomUUID();
    const command = {
      type: 'IssueInvitation',
      clusterId,
      invitationId,
      role: request.role,
      ...(request.memberId ? { memberId: request.memberId } : {}),
      ...(request.representativeRole ? { representativeRole: request.representativeRole } : {}),
      expiresAt,
      tokenHash,
      actor,
      at: now.toISOString(),
    } as ClusterCommand;
    const outcome = await this.commands.execute<ExecuteClusterCommand, CommandOutcome>(new ExecuteClusterCommand(command, executeOptions(actor, headers)));
    const link = invitationLink(origin, token);
    let emailed = false;
    if (request.email) {
      const { state } = await loadCluster(this.store, clusterId);
      const organisation = request.memberId ? state.members[request.memberId]?.organisation.name : undefined;
      emailed = await this.mailer.send({ to: request.email, locale: request.locale ?? 'pl', clusterName: state.name, role: request.role, organisation, link, expiresAt, timeZone: state.timeZone });
    }
    return { outcome, invitation: { invitationId, role: request.role, memberId: request.memberId ?? null, expiresAt, token, link, emailed } };
  }

  /** The invitation a token opens, read from the cluster's stream (so a link works on any instance at once). */
  async preview(token: string, now = new Date()): Promise<InvitationPreview> {
    const parsed = readInvitationToken(token);
    if (!parsed) throw noSuchInvitation();
    const { state } = await loadCluster(this.store, parsed.clusterId);
    const invitation = state.founded ? invitationByTokenHash(state.invitations, parsed.tokenHash) : undefined;
    if (!invitation) throw noSuchInvitation();
    const member = invitation.memberId ? state.members[invitation.memberId] : undefined;
    const expired = invitation.status === 'open' && !isOpenInvitation(invitation, now.toISOString());
    return {
      clusterId: state.clusterId,
      clusterName: state.name,
      role: invitation.role,
      member: member ? { memberId: member.memberId, organisation: member.organisation.name } : null,
      expiresAt: invitation.expiresAt,
      status: expired ? 'expired' : invitation.status,
    };
  }

  /** The person accepts: an act on the cluster's stream whose actor they are. A refusal writes nothing. */
  async accept(token: string, personId: string, headers: CommandHeaders = {}): Promise<CommandOutcome> {
    const parsed = readInvitationToken(token);
    if (!parsed) throw noSuchInvitation();
    const command = { type: 'AcceptInvitation', clusterId: parsed.clusterId, tokenHash: parsed.tokenHash, actor: personId, at: new Date().toISOString() } as ClusterCommand;
    try {
      return await this.commands.execute<ExecuteClusterCommand, CommandOutcome>(new ExecuteClusterCommand(command, executeOptions(personId, headers)));
    } catch (error) {
      // A cluster that does not exist answers exactly as a token that does not.
      if (error instanceof Rejection && error.kind === 'not_found') throw noSuchInvitation();
      throw error;
    }
  }

  /** The invitations still open in a cluster, for its coordinator (others who read it: 403; anyone else: 404). */
  async open(clusterId: string, personId: string, position: bigint | undefined, now = new Date()): Promise<OpenInvitation[]> {
    await this.models.reached(position);
    const state = this.models.doc<ClusterState>('clusters', clusterId)?.state;
    if (!state || !mayRead(state, personId)) throw notFound(`Cluster '${clusterId}' does not exist or you may not read it`);
    if (!isCoordinator(state, personId)) throw forbidden("Only the coordinator's representative sees the open invitations");
    return Object.values(state.invitations ?? {})
      .filter((i) => isOpenInvitation(i, now.toISOString()))
      .sort((a, b) => b.issuedAt.localeCompare(a.issuedAt))
      .map((i) => ({
        invitationId: i.invitationId,
        role: i.role,
        memberId: i.memberId ?? null,
        organisation: i.memberId ? (state.members[i.memberId]?.organisation.name ?? null) : null,
        representativeRole: i.representativeRole ?? null,
        invitedBy: i.invitedBy,
        issuedAt: i.issuedAt,
        expiresAt: i.expiresAt,
      }));
  }
}

/** Before a device makes a passkey: the invitation must still be open (the same refusals as accepting). */
export function requireOpen(preview: InvitationPreview): void {
  if (preview.status === 'accepted') throw conflict('This invitation has already been used', 'invitation_used');
  if (preview.status === 'revoked') throw ruleBroken('This invitation was revoked', 'invitation_revoked');
  if (preview.status === 'expired') throw ruleBroken('This invitation has expired; ask for a new one', 'invitation_expired');
}
