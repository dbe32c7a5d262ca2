import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { z } from 'zod';
import { clusterCommandBodies as bodies, idSchema, notFound, signingMessage, type ClusterCommand } from '@klaster/domain';
import { PersonId } from '../auth/auth.guard';
import { ZodBody } from '../http/zod-body.pipe';
import { CommandBody, noBody, type Occurrence } from '../http/command-body.pipe';
import { commandResponse, type CommandResponseBody } from '../http/command-response';
import { commandFromRequest, type CommandHeaders } from '../http/command-headers';
import { IdempotencyInterceptor } from '../http/idempotency/idempotency.interceptor';
import type { CommandOutcome } from '../command-handling/execute-on-stream';
import type { DistributiveOmit } from '../http/distributive-omit';
import { ExecuteClusterCommand } from './commands/execute-cluster-command';
import { GetClusterQuery, ListClustersQuery, type ClusterAnswer } from './queries/cluster.queries';
import { readOptions, readQuerySchema, timeTravelQuerySchema, type ReadQuery, type TimeTravelQuery } from '../projections/read-query';
import { agreementHistory, type AgreementVersionView, type AmendmentView, type AnnualCycleView } from './queries/agreement-history';
import { GetClusterBodiesQuery } from './queries/bodies.queries';
import type { BodiesView } from './queries/bodies.view';
import type { ClusterView, CurrentAgreementView } from './queries/cluster.view';
import { representativesPage, representativesPageQuerySchema, type RepresentativesPage, type RepresentativesPageQuery } from './queries/representative-history';

type Body<K extends keyof typeof bodies> = z.output<(typeof bodies)[K]>;
const id = new ZodBody(idSchema);
const year = new ZodBody(z.coerce.number().int().min(1990).max(2200));
const timeTravel = new ZodBody(timeTravelQuerySchema);
const representativesQuery = new ZodBody(representativesPageQuerySchema);

/** One endpoint per cluster command (POST), and the cluster's reads (GET). */
@Controller('api/clusters')
@UseInterceptors(IdempotencyInterceptor)
export class ClustersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  found(@PersonId() actor: string, @Body(new CommandBody(bodies.FoundCluster)) body: Body<'FoundCluster'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'FoundCluster', ...body }, actor, h, res);
  }

  @Post(':clusterId/members')
  admit(@Param('clusterId', id) clusterId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.AdmitMember)) body: Body<'AdmitMember'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'AdmitMember', clusterId, ...body }, actor, h, res);
  }

  @Post(':clusterId/members/:memberId/representative')
  @HttpCode(200)
  changeRepresentative(@Param('clusterId', id) clusterId: string, @Param('memberId', id) memberId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.ChangeRepresentative)) body: Body<'ChangeRepresentative'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ChangeRepresentative', clusterId, memberId, ...body }, actor, h, res);
  }

  @Post(':clusterId/members/:memberId/withdrawal')
  withdraw(@Param('clusterId', id) clusterId: string, @Param('memberId', id) memberId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.WithdrawMember)) body: Body<'WithdrawMember'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'WithdrawMember', clusterId, memberId, ...body }, actor, h, res);
  }

  @Post(':clusterId/members/:memberId/signatures')
  sign(@Param('clusterId', id) clusterId: string, @Param('memberId', id) memberId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.SignAgreement)) body: Body<'SignAgreement'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'SignAgreement', clusterId, memberId, ...body }, actor, h, res);
  }

  @Post(':clusterId/coordinator')
  @HttpCode(200)
  appointCoordinator(@Param('clusterId', id) clusterId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.AppointCoordinator)) body: Body<'AppointCoordinator'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'AppointCoordinator', clusterId, ...body }, actor, h, res);
  }

  @Post(':clusterId/auditors')
  appointAuditor(@Param('clusterId', id) clusterId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.AppointAuditor)) body: Body<'AppointAuditor'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'AppointAuditor', clusterId, ...body }, actor, h, res);
  }

  @Post(':clusterId/auditors/:personId/revocation')
  revokeAuditor(@Param('clusterId', id) clusterId: string, @Param('personId', id) personId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.RevokeAuditor)) body: Body<'RevokeAuditor'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RevokeAuditor', clusterId, personId, ...body }, actor, h, res);
  }

  @Post(':clusterId/registrars')
  appointRegistrar(@Param('clusterId', id) clusterId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.AppointRegistrar)) body: Body<'AppointRegistrar'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'AppointRegistrar', clusterId, ...body }, actor, h, res);
  }

  @Post(':clusterId/registrars/:personId/revocation')
  revokeRegistrar(@Param('clusterId', id) clusterId: string, @Param('personId', id) personId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.RevokeRegistrar)) body: Body<'RevokeRegistrar'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RevokeRegistrar', clusterId, personId, ...body }, actor, h, res);
  }

  @Post(':clusterId/time-zone')
  @HttpCode(200)
  changeTimeZone(@Param('clusterId', id) clusterId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.ChangeTimeZone)) body: Body<'ChangeTimeZone'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ChangeTimeZone', clusterId, ...body }, actor, h, res);
  }

  @Post(':clusterId/signing-keys')
  registerKey(@Param('clusterId', id) clusterId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.RegisterSigningKey)) body: Body<'RegisterSigningKey'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RegisterSigningKey', clusterId, ...body }, actor, h, res);
  }

  @Post(':clusterId/amendments')
  proposeAmendment(@Param('clusterId', id) clusterId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.ProposeAmendment)) body: Body<'ProposeAmendment'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ProposeAmendment', clusterId, ...body }, actor, h, res);
  }

  @Post(':clusterId/amendments/:amendmentId/withdrawal')
  withdrawAmendment(@Param('clusterId', id) clusterId: string, @Param('amendmentId', id) amendmentId: string, @PersonId() actor: string, @Body(new CommandBody(noBody)) occurrence: Occurrence, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'WithdrawAmendment', clusterId, amendmentId , ...occurrence }, actor, h, res);
  }

  @Post(':clusterId/amendments/:amendmentId/adoption')
  adoptAmendment(@Param('clusterId', id) clusterId: string, @Param('amendmentId', id) amendmentId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.AdoptAmendment)) body: Body<'AdoptAmendment'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'AdoptAmendment', clusterId, amendmentId, ...body }, actor, h, res);
  }

  @Post(':clusterId/amendments/:amendmentId/rejection')
  rejectAmendment(@Param('clusterId', id) clusterId: string, @Param('amendmentId', id) amendmentId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.RejectAmendment)) body: Body<'RejectAmendment'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RejectAmendment', clusterId, amendmentId, ...body }, actor, h, res);
  }

  @Post(':clusterId/annual-reports')
  submitAnnualReport(@Param('clusterId', id) clusterId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.SubmitAnnualReport)) body: Body<'SubmitAnnualReport'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'SubmitAnnualReport', clusterId, ...body }, actor, h, res);
  }

  @Post(':clusterId/annual-cycles/:year/report-decision')
  reportDecision(@Param('clusterId', id) clusterId: string, @Param('year', year) y: number, @PersonId() actor: string, @Body(new CommandBody(bodies.RecordReportDecision)) body: Body<'RecordReportDecision'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RecordReportDecision', clusterId, year: y, ...body }, actor, h, res);
  }

  @Post(':clusterId/annual-cycles/:year/absolution')
  absolution(@Param('clusterId', id) clusterId: string, @Param('year', year) y: number, @PersonId() actor: string, @Body(new CommandBody(bodies.RecordAbsolution)) body: Body<'RecordAbsolution'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RecordAbsolution', clusterId, year: y, ...body }, actor, h, res);
  }

  @Post(':clusterId/annual-cycles/:year/action-plan')
  actionPlan(@Param('clusterId', id) clusterId: string, @Param('year', year) y: number, @PersonId() actor: string, @Body(new CommandBody(bodies.RecordActionPlan)) body: Body<'RecordActionPlan'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RecordActionPlan', clusterId, year: y, ...body }, actor, h, res);
  }

  @Post(':clusterId/annual-cycles/:year/thematic-networks')
  thematicNetworks(@Param('clusterId', id) clusterId: string, @Param('year', year) y: number, @PersonId() actor: string, @Body(new CommandBody(bodies.RecordThematicNetworksEvaluation)) body: Body<'RecordThematicNetworksEvaluation'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RecordThematicNetworksEvaluation', clusterId, year: y, ...body }, actor, h, res);
  }

  /** Every version of the agreement, each with a unified diff against the one before. */
  @Get(':clusterId/agreement/versions')
  async agreementVersions(@Param('clusterId', id) clusterId: string, @PersonId() personId: string, @Query(timeTravel) q: TimeTravelQuery): Promise<AgreementVersionView[]> {
    const { state } = await this.cluster(clusterId, personId, q);
    return agreementHistory(state);
  }

  @Get(':clusterId/amendments')
  async amendments(@Param('clusterId', id) clusterId: string, @PersonId() personId: string, @Query(timeTravel) q: TimeTravelQuery): Promise<AmendmentView[]> {
    const { state } = await this.cluster(clusterId, personId, q);
    return Object.values(state.amendments);
  }

  @Get(':clusterId/annual-cycles')
  async annualCycles(@Param('clusterId', id) clusterId: string, @PersonId() personId: string, @Query(timeTravel) q: TimeTravelQuery): Promise<AnnualCycleView[]> {
    const { state } = await this.cluster(clusterId, personId, q);
    return Object.values(state.annualCycles);
  }

  /** Each body (council, general meeting, working groups, forum) with its members and whether each votes there; now, or at asOf / atPosition. */
  @Get(':clusterId/bodies')
  bodies(@Param('clusterId', id) clusterId: string, @PersonId() personId: string, @Query(timeTravel) q: TimeTravelQuery): Promise<BodiesView> {
    return this.queries.execute(new GetClusterBodiesQuery(clusterId, personId, readOptions(q)));
  }

  @Get()
  list(@PersonId() personId: string, @Query(new ZodBody(readQuerySchema)) q: ReadQuery) {
    return this.queries.execute(new ListClustersQuery(personId, q.position));
  }

  /** The cluster now (ETag: its revision), or as it was at `asOf` / `atPosition` (no ETag: not a revision to act on). */
  @Get(':clusterId')
  async get(@Param('clusterId', id) clusterId: string, @PersonId() personId: string, @Query(timeTravel) q: TimeTravelQuery, @Res({ passthrough: true }) res: Response): Promise<ClusterView> {
    const { view, pointInTime } = await this.cluster(clusterId, personId, q);
    if (pointInTime) return { ...view, pointInTime };
    if (view.revision !== null) res.setHeader('ETag', `W/"${view.revision}"`);
    return view;
  }

  /** A member's whole history of representatives, page by page (the cluster view shows only the latest). */
  @Get(':clusterId/members/:memberId/representatives')
  async representatives(@Param('clusterId', id) clusterId: string, @Param('memberId', id) memberId: string, @PersonId() personId: string, @Query(representativesQuery) q: RepresentativesPageQuery): Promise<RepresentativesPage> {
    const { state } = await this.cluster(clusterId, personId, { position: q.position });
    const member = Object.hasOwn(state.members, memberId) ? state.members[memberId] : undefined;
    if (!member) throw notFound(`Cluster '${clusterId}' has no member '${memberId}'`);
    return representativesPage(clusterId, member, q);
  }

  /** The current text, its hash, and the exact message a signatory signs with an Ed25519 key (or the latest text at a past point). */
  @Get(':clusterId/agreement')
  async agreement(@Param('clusterId', id) clusterId: string, @PersonId() personId: string, @Query(timeTravel) q: TimeTravelQuery): Promise<CurrentAgreementView> {
    const { state, pointInTime } = await this.cluster(clusterId, personId, q);
    const current = state.agreements[state.agreements.length - 1];
    return { ...current, signingMessage: signingMessage(clusterId, current.version, current.textHash), ...(pointInTime ? { pointInTime } : {}) };
  }

  private cluster(clusterId: string, personId: string, q: TimeTravelQuery): Promise<ClusterAnswer> {
    return this.queries.execute<GetClusterQuery, ClusterAnswer>(new GetClusterQuery(clusterId, personId, readOptions(q)));
  }

  private async run(
    body: DistributiveOmit<ClusterCommand, 'actor' | 'at'>,
    actor: string,
    headers: CommandHeaders,
    res: Response,
  ): Promise<CommandResponseBody> {
    const { command, options } = commandFromRequest(body, actor, headers);
    const outcome = await this.commands.execute<ExecuteClusterCommand, CommandOutcome>(new ExecuteClusterCommand(command as ClusterCommand, options));
    return commandResponse(res, outcome);
  }
}
