import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { z } from 'zod';
import { groupCommandBodies as bodies, idSchema } from '@klaster/domain';
import { PersonId } from '../auth/auth.guard';
import { ZodBody } from '../http/zod-body.pipe';
import { CommandBody, noBody, type Occurrence } from '../http/command-body.pipe';
import { commandResponse, type CommandResponseBody } from '../http/command-response';
import { commandFromRequest, type CommandHeaders } from '../http/command-headers';
import { IdempotencyInterceptor } from '../http/idempotency/idempotency.interceptor';
import type { CommandOutcome } from '../command-handling/execute-on-stream';
import type { DistributiveOmit } from '../http/distributive-omit';
import { ExecuteGroupCommand, type GroupCommandRequest } from './commands/execute-group-command';
import { GetGroupQuery, ListClusterGroupsQuery } from './queries/group.queries';
import type { GroupSummary, GroupView } from './queries/group.view';
import { readOptions, readQuerySchema, timeTravelQuerySchema, type ReadQuery, type TimeTravelQuery } from '../projections/read-query';

type Body<K extends keyof typeof bodies> = z.output<(typeof bodies)[K]>;
const id = new ZodBody(idSchema);

/** One endpoint per working-group command (POST), and the groups' reads (GET). */
@Controller('api')
@UseInterceptors(IdempotencyInterceptor)
export class GroupsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('clusters/:clusterId/groups')
  request(@Param('clusterId', id) clusterId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.RequestGroup)) body: Body<'RequestGroup'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RequestGroup', clusterId, ...body }, actor, h, res);
  }

  @Post('groups/:groupId/members')
  join(@Param('groupId', id) groupId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.JoinGroup)) body: Body<'JoinGroup'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'JoinGroup', groupId, ...body }, actor, h, res);
  }

  @Post('groups/:groupId/members/:memberId/leave')
  leave(@Param('groupId', id) groupId: string, @Param('memberId', id) memberId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.LeaveGroup)) body: Body<'LeaveGroup'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'LeaveGroup', groupId, memberId, ...body }, actor, h, res);
  }

  @Post('groups/:groupId/conditions')
  @HttpCode(200)
  setConditions(@Param('groupId', id) groupId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.SetMembershipConditions)) body: Body<'SetMembershipConditions'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'SetMembershipConditions', groupId, ...body }, actor, h, res);
  }

  @Post('groups/:groupId/leader')
  @HttpCode(200)
  appointLeader(@Param('groupId', id) groupId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.AppointGroupLeader)) body: Body<'AppointGroupLeader'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'AppointGroupLeader', groupId, ...body }, actor, h, res);
  }

  @Post('groups/:groupId/tasks')
  addTask(@Param('groupId', id) groupId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.AddTask)) body: Body<'AddTask'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'AddTask', groupId, ...body }, actor, h, res);
  }

  @Post('groups/:groupId/tasks/:taskId/completion')
  completeTask(@Param('groupId', id) groupId: string, @Param('taskId', id) taskId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.CompleteTask)) body: Body<'CompleteTask'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'CompleteTask', groupId, taskId, ...body }, actor, h, res);
  }

  @Post('groups/:groupId/tasks/:taskId/reassignment')
  reassignTask(@Param('groupId', id) groupId: string, @Param('taskId', id) taskId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.ReassignTask)) body: Body<'ReassignTask'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ReassignTask', groupId, taskId, ...body }, actor, h, res);
  }

  @Post('groups/:groupId/dissolution')
  dissolve(@Param('groupId', id) groupId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.DissolveGroup)) body: Body<'DissolveGroup'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'DissolveGroup', groupId, ...body }, actor, h, res);
  }

  /** The group now (ETag: its revision), or as it was at `asOf` / `atPosition` (overdue judged as of then). */
  @Get('groups/:groupId')
  async get(@Param('groupId', id) groupId: string, @PersonId() personId: string, @Query(new ZodBody(timeTravelQuerySchema)) q: TimeTravelQuery, @Res({ passthrough: true }) res: Response): Promise<GroupView> {
    const view = await this.queries.execute<GetGroupQuery, GroupView>(new GetGroupQuery(groupId, personId, new Date().toISOString(), readOptions(q)));
    if (view.revision !== null && !('pointInTime' in view)) res.setHeader('ETag', `W/"${view.revision}"`);
    return view;
  }

  @Get('clusters/:clusterId/groups')
  list(@Param('clusterId', id) clusterId: string, @PersonId() personId: string, @Query(new ZodBody(readQuerySchema)) q: ReadQuery): Promise<GroupSummary[]> {
    return this.queries.execute(new ListClusterGroupsQuery(clusterId, personId, new Date().toISOString(), q.position));
  }

  private async run(body: DistributiveOmit<GroupCommandRequest, 'actor' | 'at'>, actor: string, headers: CommandHeaders, res: Response): Promise<CommandResponseBody> {
    const { command, options } = commandFromRequest(body, actor, headers);
    const outcome = await this.commands.execute<ExecuteGroupCommand, CommandOutcome>(new ExecuteGroupCommand(command as GroupCommandRequest, options));
    return commandResponse(res, outcome);
  }
}
