import { Body, Controller, Get, Headers, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { z } from 'zod';
import { electionCommandBodies as bodies, idSchema } from '@klaster/domain';
import { PersonId } from '../auth/auth.guard';
import { ZodBody } from '../http/zod-body.pipe';
import { CommandBody, type Occurrence } from '../http/command-body.pipe';
import { commandResponse, type CommandResponseBody } from '../http/command-response';
import { commandFromRequest, type CommandHeaders } from '../http/command-headers';
import type { DistributiveOmit } from '../http/distributive-omit';
import { IdempotencyInterceptor } from '../http/idempotency/idempotency.interceptor';
import type { CommandOutcome } from '../command-handling/execute-on-stream';
import { readQuerySchema, type ReadQuery } from '../projections/read-query';
import { ExecuteElectionCommand, type ElectionRequest } from './commands/execute-election-command';
import { GetElectionQuery, ListClusterElectionsQuery } from './queries/election.queries';
import type { ElectionView } from './queries/election.view';

type Body<K extends keyof typeof bodies> = z.output<(typeof bodies)[K]>;
const id = new ZodBody(idSchema);
/** A command whose body is empty, but for the fields that record it after the fact. */
const empty = (k: 'AcceptNomination' | 'WithdrawCandidacy' | 'OpenRound' | 'CloseRound') => new CommandBody(bodies[k]);

/** One endpoint per election command; an election is called inside a cluster, then addressed by id. */
@Controller('api')
@UseInterceptors(IdempotencyInterceptor)
export class ElectionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('clusters/:clusterId/elections')
  call(@Param('clusterId', id) clusterId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.CallElection)) body: Body<'CallElection'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'CallElection', clusterId, ...body }, actor, h, res);
  }

  @Post('elections/:electionId/candidates')
  nominate(@Param('electionId', id) electionId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.NominateCandidate)) body: Body<'NominateCandidate'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'NominateCandidate', electionId, ...body }, actor, h, res);
  }

  @Post('elections/:electionId/candidates/:memberId/acceptance')
  accept(@Param('electionId', id) electionId: string, @Param('memberId', id) memberId: string, @PersonId() actor: string, @Body(empty('AcceptNomination')) occurrence: Occurrence, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'AcceptNomination', electionId, memberId, ...occurrence }, actor, h, res);
  }

  @Post('elections/:electionId/candidates/:memberId/withdrawal')
  withdraw(@Param('electionId', id) electionId: string, @Param('memberId', id) memberId: string, @PersonId() actor: string, @Body(empty('WithdrawCandidacy')) occurrence: Occurrence, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'WithdrawCandidacy', electionId, memberId, ...occurrence }, actor, h, res);
  }

  @Post('elections/:electionId/rounds')
  openRound(@Param('electionId', id) electionId: string, @PersonId() actor: string, @Body(empty('OpenRound')) occurrence: Occurrence, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'OpenRound', electionId, ...occurrence }, actor, h, res);
  }

  @Post('elections/:electionId/ballots')
  cast(@Param('electionId', id) electionId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.CastElectionBallot)) body: Body<'CastElectionBallot'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'CastElectionBallot', electionId, ...body }, actor, h, res);
  }

  @Post('elections/:electionId/rounds/current/closing')
  closeRound(@Param('electionId', id) electionId: string, @PersonId() actor: string, @Body(empty('CloseRound')) occurrence: Occurrence, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'CloseRound', electionId, ...occurrence }, actor, h, res);
  }

  @Get('clusters/:clusterId/elections')
  list(@Param('clusterId', id) clusterId: string, @PersonId() personId: string, @Query(new ZodBody(readQuerySchema)) q: ReadQuery): Promise<ElectionView[]> {
    return this.queries.execute(new ListClusterElectionsQuery(clusterId, personId, q.position));
  }

  @Get('elections/:electionId')
  async get(@Param('electionId', id) electionId: string, @PersonId() personId: string, @Query(new ZodBody(readQuerySchema)) q: ReadQuery, @Res({ passthrough: true }) res: Response): Promise<ElectionView> {
    const view: ElectionView = await this.queries.execute(new GetElectionQuery(electionId, personId, q.position));
    if (view.revision !== null) res.setHeader('ETag', `W/"${view.revision}"`);
    return view;
  }

  private async run(request: DistributiveOmit<ElectionRequest, 'actor' | 'at'>, actor: string, headers: CommandHeaders, res: Response): Promise<CommandResponseBody> {
    const { command, options } = commandFromRequest(request, actor, headers);
    const outcome = await this.commands.execute<ExecuteElectionCommand, CommandOutcome>(new ExecuteElectionCommand(command as ElectionRequest, options));
    return commandResponse(res, outcome);
  }
}
