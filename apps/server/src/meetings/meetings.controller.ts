import { Body, Controller, Get, Headers, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { z } from 'zod';
import { idSchema, meetingCommandBodies as bodies } from '@klaster/domain';
import { PersonId } from '../auth/auth.guard';
import { ZodBody } from '../http/zod-body.pipe';
import { CommandBody, noBody, type Occurrence } from '../http/command-body.pipe';
import { commandResponse, type CommandResponseBody } from '../http/command-response';
import { commandFromRequest, type CommandHeaders } from '../http/command-headers';
import type { DistributiveOmit } from '../http/distributive-omit';
import { IdempotencyInterceptor } from '../http/idempotency/idempotency.interceptor';
import type { CommandOutcome } from '../command-handling/execute-on-stream';
import { ExecuteMeetingCommand, type MeetingRequest } from './commands/execute-meeting-command';
import { GetMeetingQuery, GetResolutionRegisterQuery, ListClusterMeetingsQuery } from './queries/meeting.queries';
import type { MeetingSummary, MeetingView, RegisterEntry } from './queries/meeting.view';
import { readOptions, readQuerySchema, timeTravelQuerySchema, type ReadQuery, type TimeTravelQuery } from '../projections/read-query';

type Body<K extends keyof typeof bodies> = z.output<(typeof bodies)[K]>;
const id = new ZodBody(idSchema);

/** One endpoint per meeting command; meetings are convened inside a cluster, then addressed by id. */
@Controller('api')
@UseInterceptors(IdempotencyInterceptor)
export class MeetingsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('clusters/:clusterId/meetings')
  convene(@Param('clusterId', id) clusterId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.ConveneMeeting)) body: Body<'ConveneMeeting'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ConveneMeeting', clusterId, ...body }, actor, h, res);
  }

  @Post('meetings/:meetingId/agenda')
  addAgendaItem(@Param('meetingId', id) meetingId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.AddAgendaItem)) body: Body<'AddAgendaItem'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'AddAgendaItem', meetingId, ...body }, actor, h, res);
  }

  @Post('meetings/:meetingId/opening')
  open(@Param('meetingId', id) meetingId: string, @PersonId() actor: string, @Body(new CommandBody(noBody)) occurrence: Occurrence, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'OpenMeeting', meetingId , ...occurrence }, actor, h, res);
  }

  @Post('meetings/:meetingId/attendance')
  attendance(@Param('meetingId', id) meetingId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.RecordAttendance)) body: Body<'RecordAttendance'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RecordAttendance', meetingId, ...body }, actor, h, res);
  }

  @Post('meetings/:meetingId/proxies')
  registerProxy(@Param('meetingId', id) meetingId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.RegisterProxy)) body: Body<'RegisterProxy'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RegisterProxy', meetingId, ...body }, actor, h, res);
  }

  @Post('meetings/:meetingId/proxies/:grantorMemberId/revocation')
  revokeProxy(@Param('meetingId', id) meetingId: string, @Param('grantorMemberId', id) grantorMemberId: string, @PersonId() actor: string, @Body(new CommandBody(noBody)) occurrence: Occurrence, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RevokeProxy', meetingId, grantorMemberId , ...occurrence }, actor, h, res);
  }

  @Post('meetings/:meetingId/votes')
  openVote(@Param('meetingId', id) meetingId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.OpenVote)) body: Body<'OpenVote'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'OpenVote', meetingId, ...body }, actor, h, res);
  }

  @Post('meetings/:meetingId/votes/:voteId/ballots')
  cast(@Param('meetingId', id) meetingId: string, @Param('voteId', id) voteId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.CastBallot)) body: Body<'CastBallot'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'CastBallot', meetingId, voteId, ...body }, actor, h, res);
  }

  @Post('meetings/:meetingId/votes/:voteId/corrections')
  correct(@Param('meetingId', id) meetingId: string, @Param('voteId', id) voteId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.CorrectBallot)) body: Body<'CorrectBallot'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'CorrectBallot', meetingId, voteId, ...body }, actor, h, res);
  }

  @Post('meetings/:meetingId/votes/:voteId/closing')
  closeVote(@Param('meetingId', id) meetingId: string, @Param('voteId', id) voteId: string, @PersonId() actor: string, @Body(new CommandBody(noBody)) occurrence: Occurrence, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'CloseVote', meetingId, voteId , ...occurrence }, actor, h, res);
  }

  /** A vote known from its minutes by its counts only (no ballots, no names): it closes into a numbered resolution. */
  @Post('meetings/:meetingId/votes/:voteId/counts')
  recordCounts(@Param('meetingId', id) meetingId: string, @Param('voteId', id) voteId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.RecordVoteCounts)) body: Body<'RecordVoteCounts'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RecordVoteCounts', meetingId, voteId, ...body }, actor, h, res);
  }

  @Post('meetings/:meetingId/minutes')
  draftMinutes(@Param('meetingId', id) meetingId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.DraftMinutes)) body: Body<'DraftMinutes'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'DraftMinutes', meetingId, ...body }, actor, h, res);
  }

  @Post('meetings/:meetingId/minutes/corrections')
  correctMinutes(@Param('meetingId', id) meetingId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.CorrectMinutes)) body: Body<'CorrectMinutes'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'CorrectMinutes', meetingId, ...body }, actor, h, res);
  }

  @Post('meetings/:meetingId/minutes/approval')
  approveMinutes(@Param('meetingId', id) meetingId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.ApproveMinutes)) body: Body<'ApproveMinutes'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ApproveMinutes', meetingId, ...body }, actor, h, res);
  }

  @Post('meetings/:meetingId/minutes/lock')
  lockMinutes(@Param('meetingId', id) meetingId: string, @PersonId() actor: string, @Body(new CommandBody(noBody)) occurrence: Occurrence, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'LockMinutes', meetingId , ...occurrence }, actor, h, res);
  }

  @Post('meetings/:meetingId/closing')
  close(@Param('meetingId', id) meetingId: string, @PersonId() actor: string, @Body(new CommandBody(noBody)) occurrence: Occurrence, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'CloseMeeting', meetingId , ...occurrence }, actor, h, res);
  }

  @Post('meetings/:meetingId/cancellation')
  cancel(@Param('meetingId', id) meetingId: string, @PersonId() actor: string, @Body(new CommandBody(bodies.CancelMeeting)) body: Body<'CancelMeeting'>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'CancelMeeting', meetingId, ...body }, actor, h, res);
  }

  /** The meeting now (ETag: its revision), or as it was at `asOf` / `atPosition`. */
  @Get('meetings/:meetingId')
  async get(@Param('meetingId', id) meetingId: string, @PersonId() personId: string, @Query(new ZodBody(timeTravelQuerySchema)) q: TimeTravelQuery, @Res({ passthrough: true }) res: Response): Promise<MeetingView> {
    const view: MeetingView = await this.queries.execute(new GetMeetingQuery(meetingId, personId, readOptions(q)));
    if (view.revision !== null && !('pointInTime' in view)) res.setHeader('ETag', `W/"${view.revision}"`);
    return view;
  }

  @Get('clusters/:clusterId/meetings')
  list(@Param('clusterId', id) clusterId: string, @PersonId() personId: string, @Query(new ZodBody(readQuerySchema)) q: ReadQuery): Promise<MeetingSummary[]> {
    return this.queries.execute(new ListClusterMeetingsQuery(clusterId, personId, q.position));
  }

  @Get('clusters/:clusterId/resolutions')
  resolutions(@Param('clusterId', id) clusterId: string, @PersonId() personId: string, @Query(new ZodBody(readQuerySchema)) q: ReadQuery): Promise<RegisterEntry[]> {
    return this.queries.execute(new GetResolutionRegisterQuery(clusterId, personId, q.position));
  }

  private async run(request: DistributiveOmit<MeetingRequest, 'actor' | 'at'>, actor: string, headers: CommandHeaders, res: Response): Promise<CommandResponseBody> {
    const { command, options } = commandFromRequest(request, actor, headers);
    const outcome = await this.commands.execute<ExecuteMeetingCommand, CommandOutcome>(new ExecuteMeetingCommand(command as MeetingRequest, options));
    return commandResponse(res, outcome);
  }
}

