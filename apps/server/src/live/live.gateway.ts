import { Inject, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import { mayRead, type ClusterState } from '@klaster/domain';
import type { EventStore, RecordedEvent } from '@klaster/event-store';
import { ProjectionRunner, ReadModelStore, readModels, type AggregateDoc, type AppliedEvent, type Projection } from '@klaster/projections';
import { TokenVerifier } from '@klaster/identity';
import { EVENT_STORE } from '../event-store/event-store.module';
import { LIVE_COLLECTIONS, fragmentOf, isLiveCollection, liveMessage, roomsOf, type LiveCollection, type LiveMessage } from './live-fragments';
import { RecentMessages } from './recent-messages';
import { SocketTokenLifetime } from './socket-token-lifetime';
import { RateLimits } from '../abuse/rate-limits';
import { FairShare } from '../projections/read-query';
import { SessionEvents, type SessionsEnded } from '../identity/session-events';

/** Provider token: how many recent messages each followed room keeps for resumes from memory (0: none). */
export const LIVE_RESUME_MEMORY = Symbol('LIVE_RESUME_MEMORY');

/** How long a resuming client may wait for this instance's read models to reach the position it saw elsewhere. */
const CATCH_UP_TIMEOUT_MS = 5_000;

const roomSchema = z.string().regex(/^(cluster|meeting|group|election):[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$/, 'a room is cluster:<id>, meeting:<id>, group:<id> or election:<id>');
const joinSchema = z.object({
  room: roomSchema,
  /** The last position the client saw (decimal string, or a safe integer). */
  lastPosition: z.union([z.string().regex(/^\d{1,30}$/), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)]).optional(),
});
const leaveSchema = z.object({ room: roomSchema });
const authenticateSchema = z.object({ token: z.string().min(1).max(8_192) });

/**
 * `replayed`: missed events sent before going live, `from` memory (the room's recent messages) or the
 * `log` (its streams folded again); `buffered`: live ones that arrived during a replay from the log.
 */
export type JoinAck =
  | { ok: true; room: string; replayed: number; buffered: number; position: string; from?: 'memory' | 'log' }
  | { ok: false; room?: string; error: string; code: string; retryAfterSeconds?: number };

/** A socket resuming a room: live messages for that room wait here until its replay has been sent. */
interface PendingJoin {
  socket: Socket;
  buffer: LiveMessage[];
}

const ROOM_COLLECTION = { cluster: 'clusters', meeting: 'meetings', group: 'groups', election: 'elections' } as const;

/**
 * Live updates over socket.io, namespace /live on the HTTP server. The handshake carries the same
 * JWT as HTTP (`auth: { token }`); a socket joins the rooms of clusters its person may read (and of
 * their meetings, groups and elections). After the projection runner has committed an event, each
 * changed document is pushed to its cluster's room and its own room with the changed fragment.
 * A join with `lastPosition` first replays every event of the room the client missed (up to what
 * the read models reflect), then switches to live without a gap or a duplicate.
 */
@WebSocketGateway({ namespace: '/live' })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Live');
  private readonly pending = new Map<string, Set<PendingJoin>>();
  private readonly projections = new Map<string, Projection<any>>(readModels.map((p) => [p.collection, p]));
  private readonly recent: RecentMessages;
  private readonly lifetime = new SocketTokenLifetime();
  private readonly onApplied = (applied: AppliedEvent) => {
    try {
      // Before the push: a person who just lost access does not receive the act that took it away.
      this.dismissWhoLostAccess(applied);
      this.push(applied);
    } catch (error) {
      // Never let a push failure reach the runner: the read models must go on.
      this.logger.error(`push of ${applied.event.type} at ${applied.event.position} failed: ${(error as Error).message}`);
    }
  };

  @WebSocketServer() private server!: Namespace;
  private stopListening?: () => void;

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly runner: ProjectionRunner,
    private readonly models: ReadModelStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LIVE_RESUME_MEMORY) resumeMemory: number,
    private readonly limits: RateLimits,
    private readonly sessions: SessionEvents,
  ) {
    this.recent = new RecentMessages(resumeMemory);
  }

  onModuleInit(): void {
    this.runner.on('applied', this.onApplied);
    this.stopListening = this.sessions.onEnded((ended) => this.closeEndedSessions(ended));
  }

  onModuleDestroy(): void {
    this.runner.off('applied', this.onApplied);
    this.stopListening?.();
  }

  /** The handshake: `auth: { token }` (or `Authorization: Bearer` on the upgrade request), verified like HTTP. */
  afterInit(nsp: Namespace): void {
    nsp.use((socket, next) => {
      const fromAuth = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const header = socket.handshake.headers.authorization;
      const token = typeof fromAuth === 'string' ? fromAuth : header?.startsWith('Bearer ') ? header.slice(7) : undefined;
      if (!token) return next(new Error('unauthorized: send auth: { token }'));
      this.verifier.verify(token).then(
        ({ personId, expiresAt, sessionId }) => {
          socket.data.personId = personId;
          socket.data.expiresAt = expiresAt;
          socket.data.sessionId = sessionId;
          next();
        },
        (error: Error) => {
          this.logger.warn(`refused a live connection from ${socket.handshake.address}: ${error.message}`);
          next(new Error('unauthorized: the token was refused'));
        },
      );
    });
  }

  /** A socket lives no longer than its token: asked to re-authenticate before it expires, disconnected at expiry. */
  handleConnection(socket: Socket): void {
    this.lifetime.watch(socket, socket.data.expiresAt as Date);
  }

  /** A fresh token of the same person, sent over the socket (after `reauthenticate`): the socket lives on until it expires. */
  @SubscribeMessage('authenticate')
  async authenticate(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<{ ok: true; expiresAt: string } | { ok: false; code: string; error: string }> {
    const parsed = authenticateSchema.safeParse(body);
    if (!parsed.success) return { ok: false, code: 'invalid_request', error: 'bad authenticate: send { token }' };
    try {
      const { personId, expiresAt, sessionId } = await this.verifier.verify(parsed.data.token);
      if (personId !== socket.data.personId) return { ok: false, code: 'unauthorized', error: 'The token is for another person; connect again with it' };
      if (!socket.connected) return { ok: false, code: 'unauthorized', error: 'The socket is closed' };
      socket.data.sessionId = sessionId;
      this.lifetime.watch(socket, expiresAt);
      return { ok: true, expiresAt: expiresAt.toISOString() };
    } catch (error) {
      this.logger.warn(`refused a fresh token for ${socket.data.personId}: ${(error as Error).message}`);
      return { ok: false, code: 'unauthorized', error: 'The token was refused' };
    }
  }

  @SubscribeMessage('join')
  async join(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<JoinAck> {
    const parsed = joinSchema.safeParse(body);
    if (!parsed.success) return { ok: false, code: 'invalid_request', error: `bad join: ${parsed.error.issues.map((i) => i.message).join('; ')}` };
    const { room } = parsed.data;
    const personId = socket.data.personId as string;
    if (!SocketTokenLifetime.isValid(socket)) return { ok: false, room, code: 'token_expired', error: 'Your token expired; send authenticate { token } with a fresh one' };
    const allowed = await this.limits.join(personId, socket.handshake.address);
    if (!allowed.ok) return { ok: false, room, code: 'rate_limited', error: allowed.message, retryAfterSeconds: allowed.retryAfterSeconds };
    if (!this.mayJoin(room, personId)) {
      this.logger.warn(`refused ${personId} joining ${room}`);
      return { ok: false, room, code: 'not_found', error: `You may not follow ${room}` };
    }
    if (parsed.data.lastPosition === undefined) {
      this.dropPending(socket, room); // a plain join ends a resume still under way
      this.recent.open(room, this.runner.position);
      await socket.join(room);
      return { ok: true, room, replayed: 0, buffered: 0, position: this.runner.position.toString() };
    }
    return this.resume(socket, room, BigInt(parsed.data.lastPosition), personId);
  }

  @SubscribeMessage('leave')
  async leave(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<{ ok: boolean; room?: string; error?: string; code?: string }> {
    const parsed = leaveSchema.safeParse(body);
    if (!parsed.success) return { ok: false, code: 'invalid_request', error: 'bad leave: send { room }' };
    this.dropPending(socket, parsed.data.room);
    await socket.leave(parsed.data.room);
    return { ok: true, room: parsed.data.room };
  }

  handleDisconnect(socket: Socket): void {
    this.lifetime.stop(socket);
    for (const room of [...this.pending.keys()]) this.dropPending(socket, room);
  }

  /**
   * A person may follow a room when they may read the cluster it belongs to, as the read models hold
   * it now. Documents come from the store's cache of committed documents (`latest`, updated by each
   * commit before the runner announces it), so a crowd joining a general meeting does not parse the
   * meeting's and the cluster's documents once per socket.
   */
  private mayJoin(room: string, personId: string): boolean {
    const clusterId = this.clusterOfRoom(room);
    const cluster = clusterId === undefined ? undefined : this.clusterState(clusterId);
    return !!cluster && mayRead(cluster, personId);
  }

  private clusterOfRoom(room: string): string | undefined {
    const [kind, id] = splitRoom(room);
    if (kind === 'cluster') return id;
    return this.models.latest<AggregateDoc<{ clusterId: string }>>(ROOM_COLLECTION[kind], id)?.state.clusterId;
  }

  private clusterState(clusterId: string): ClusterState | undefined {
    return this.models.latest<AggregateDoc<ClusterState>>('clusters', clusterId)?.state;
  }

  /**
   * A cluster changed (a member withdrew, a representative was replaced, an auditor revoked): every
   * socket in one of its rooms whose person may no longer read it leaves those rooms (and any resume
   * under way there) and is told so with `left` { room, reason }. A join was decided on the state
   * then; following a cluster lasts only as long as the right to read it.
   */
  private dismissWhoLostAccess({ event, changes }: AppliedEvent): void {
    if (!this.server) return;
    for (const change of changes) {
      if (change.collection !== 'clusters' || change.doc === undefined) continue;
      const clusterId = change.key;
      const cluster = (change.doc as AggregateDoc<ClusterState>).state;
      const mayStill = new Map<string, boolean>();
      const rooms = new Set([...this.server.adapter.rooms.keys(), ...this.pending.keys()]);
      for (const room of rooms) {
        if (!isFollowRoom(room) || this.clusterOfRoom(room) !== clusterId) continue;
        const sockets = new Set([...(this.server.adapter.rooms.get(room) ?? [])].map((id) => this.server.sockets.get(id)));
        for (const join of this.pending.get(room) ?? []) sockets.add(join.socket);
        for (const socket of sockets) {
          if (!socket) continue;
          const personId = socket.data.personId as string;
          if (!mayStill.has(personId)) mayStill.set(personId, mayRead(cluster, personId));
          if (mayStill.get(personId)) continue;
          this.dropPending(socket, room);
          void socket.leave(room);
          socket.emit('left', { room, reason: `You may no longer read cluster ${clusterId}` });
          this.logger.log(`${personId} left ${room}: no longer entitled to read cluster ${clusterId}`);
        }
      }
    }
    if (TAKES_ACCESS_AWAY.has(event.type)) this.closeSocketsOfTheRemoved();
  }

  /** Someone who may now read no cluster at all has nothing to follow: their sockets are closed at once. */
  private closeSocketsOfTheRemoved(): void {
    const mayReadAny = new Map<string, boolean>();
    for (const socket of [...this.server.sockets.values()]) {
      const personId = socket.data.personId as string;
      if (!mayReadAny.has(personId)) mayReadAny.set(personId, this.mayReadAny(personId));
      if (!mayReadAny.get(personId)) this.signOutSockets(personId, () => true, 'no_access');
    }
  }

  private mayReadAny(personId: string): boolean {
    return this.models.all<AggregateDoc<ClusterState>>('clusters').some((d) => mayRead(d.doc.state, personId));
  }

  /** Sign-out (here or everywhere): the ended sessions' sockets are told so and closed. */
  private closeEndedSessions({ personId, sessionIds, everywhere }: SessionsEnded): void {
    this.signOutSockets(personId, (socket) => everywhere || sessionIds.includes(socket.data.sessionId as string), 'signed_out');
  }

  private signOutSockets(personId: string, which: (socket: Socket) => boolean, reason: 'signed_out' | 'no_access'): void {
    if (!this.server) return;
    for (const socket of this.server.sockets.values()) {
      if (socket.data.personId !== personId || !which(socket)) continue;
      socket.emit('signed_out', { reason });
      socket.disconnect(true);
      this.logger.log(`closed a socket of ${personId}: ${reason}`);
    }
  }

  /**
   * Replays what the client missed, then goes live. Everything up to `upTo` (what the read models
   * reflect when the replay starts) is read from the log; every later event reaches the buffer
   * through the runner. The buffer is flushed and the socket joins the room in one synchronous step,
   * so no event is lost or sent twice across the switch.
   */
  private async resume(socket: Socket, room: string, lastPosition: bigint, personId: string): Promise<JoinAck> {
    await socket.leave(room);
    this.dropPending(socket, room);
    if (lastPosition > this.runner.position && !(await this.runner.waitFor(lastPosition, CATCH_UP_TIMEOUT_MS))) {
      return { ok: false, room, code: 'read_models_behind', error: `This server has not yet reached position ${lastPosition}; try again in a moment` };
    }
    // A short absence: every missed message is still in memory. Sent and joined in one synchronous step.
    const remembered = this.recent.after(room, lastPosition);
    if (remembered) {
      this.dropPending(socket, room);
      for (const message of remembered) socket.emit('event', message);
      void socket.join(room);
      const position = remembered.length ? remembered[remembered.length - 1].position : this.runner.position.toString();
      return { ok: true, room, replayed: remembered.length, buffered: 0, position, from: 'memory' };
    }
    // From the log: bounded in length (each stream is folded from its start), one at a time per person.
    const streams = this.streamsOf(room).filter((s) => s.position > lastPosition);
    const cost = streams.reduce((sum, s) => sum + s.events, 0);
    if (cost > this.limits.settings.liveResumeMaxEvents) {
      return {
        ok: false,
        room,
        code: 'replay_too_long',
        error: `Too far behind to catch up here (${cost} events to read, at most ${this.limits.settings.liveResumeMaxEvents}): reload the page's data over HTTP, then join without lastPosition`,
      };
    }
    const allowed = await this.limits.startReplay(personId);
    if (!allowed.ok) return { ok: false, room, code: 'rate_limited', error: allowed.message, retryAfterSeconds: allowed.retryAfterSeconds };
    try {
      return await this.resumeFromLog(socket, room, lastPosition);
    } finally {
      allowed.release!();
    }
  }

  private async resumeFromLog(socket: Socket, room: string, lastPosition: bigint): Promise<JoinAck> {
    const join: PendingJoin = { socket, buffer: [] };
    // From here on (same tick as reading upTo and the documents) live messages of the room are buffered.
    const upTo = this.runner.position;
    const streams = this.streamsOf(room).filter((s) => s.position > lastPosition);
    let waiting = this.pending.get(room);
    if (!waiting) this.pending.set(room, (waiting = new Set()));
    waiting.add(join);
    let sentUpTo = lastPosition;
    let replayed = 0;
    try {
      for (const message of await this.replay(room, streams, lastPosition, upTo)) {
        if (!socket.connected || !waiting.has(join)) return { ok: false, room, code: 'left', error: 'left during the replay' };
        socket.emit('event', message);
        sentUpTo = BigInt(message.position);
        replayed++;
      }
    } catch (error) {
      this.dropPending(socket, room);
      this.logger.error(`replay of ${room} after ${lastPosition} failed: ${(error as Error).message}`);
      return { ok: false, room, code: 'internal_error', error: 'The replay failed; try again' };
    }
    if (!socket.connected || !waiting.has(join)) return { ok: false, room, code: 'left', error: 'left during the replay' };
    // The switch: flush what arrived live meanwhile (newer than anything replayed), then join.
    this.dropPending(socket, room);
    const buffered = join.buffer.filter((m) => BigInt(m.position) > sentUpTo);
    for (const message of buffered) socket.emit('event', message);
    void socket.join(room); // synchronous with the in-memory adapter: nothing can slip in between
    this.recent.open(room, this.runner.position);
    const position = buffered.length ? buffered[buffered.length - 1].position : (sentUpTo > upTo ? sentUpTo : upTo).toString();
    return { ok: true, room, replayed, buffered: buffered.length, position, from: 'log' };
  }

  /** The streams whose events a room receives, with the position each document reflects now and its length. */
  private streamsOf(room: string): { collection: LiveCollection; key: string; position: bigint; events: number }[] {
    const [kind, id] = splitRoom(room);
    const one = (collection: LiveCollection, key: string) => {
      const doc = this.models.get<AggregateDoc<unknown>>(collection, key);
      return doc ? [{ collection, key, position: doc.position, events: Number(doc.revision) + 1 }] : [];
    };
    if (kind !== 'cluster') return one(ROOM_COLLECTION[kind], id);
    const keyed = <S>(collection: LiveCollection, keyOf: (s: S) => string) =>
      this.models
        .byCluster<AggregateDoc<S>>(collection, id)
        .map((d) => ({ collection, key: keyOf(d.state), position: d.position, events: Number(d.revision) + 1 }));
    return [
      ...one('clusters', id),
      ...one('resolutions', id),
      ...keyed<{ meetingId: string }>('meetings', (s) => s.meetingId),
      ...keyed<{ groupId: string }>('groups', (s) => s.groupId),
      ...keyed<{ electionId: string }>('elections', (s) => s.electionId),
    ];
  }

  /**
   * Each stream the client missed something of is folded from its start with the same projection
   * the runner uses, so a replayed fragment is exactly the one that was pushed live at the time.
   */
  private async replay(room: string, streams: { collection: LiveCollection; key: string }[], after: bigint, upTo: bigint): Promise<LiveMessage[]> {
    const messages: LiveMessage[] = [];
    const share = new FairShare();
    for (const { collection, key } of streams) {
      const projection = this.projections.get(collection)!;
      let doc: AggregateDoc<unknown> | undefined;
      for await (const event of this.store.readStream(`${LIVE_COLLECTIONS[collection].streamPrefix}${key}`)) {
        if (event.position > upTo) break;
        // Let other requests in between: a long fold never holds the event loop for long.
        await share.turn();
        doc = projection.apply(doc, event) as AggregateDoc<unknown>;
        if (event.position > after) messages.push(liveMessage(event, room, this.fragment(collection, doc, event)));
      }
    }
    return messages.sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : 1));
  }

  /** After the runner committed an event: push each changed document to the rooms it concerns. */
  private push({ event, changes }: AppliedEvent): void {
    if (!this.server) return;
    for (const change of changes) {
      if (!isLiveCollection(change.collection)) continue;
      const rooms: string[] = [];
      for (const room of roomsOf(change.collection, change.key, change.clusterId)) {
        if (this.hasListeners(room)) rooms.push(room);
        else this.recent.forget(room);
      }
      if (!rooms.length) continue;
      const fragment = this.fragment(change.collection, change.doc as AggregateDoc<unknown>, event);
      for (const room of rooms) {
        const message = liveMessage(event, room, fragment);
        this.server.to(room).emit('event', message);
        this.recent.record(message);
        for (const join of this.pending.get(room) ?? []) join.buffer.push(message);
      }
    }
  }

  private fragment(collection: LiveCollection, doc: AggregateDoc<unknown>, event: RecordedEvent) {
    return fragmentOf(collection, doc, event, (clusterId) => this.clusterState(clusterId));
  }

  private hasListeners(room: string): boolean {
    return (this.server.adapter.rooms.get(room)?.size ?? 0) > 0 || (this.pending.get(room)?.size ?? 0) > 0;
  }

  private dropPending(socket: Socket, room: string): void {
    const waiting = this.pending.get(room);
    if (!waiting) return;
    for (const join of waiting) if (join.socket === socket) waiting.delete(join);
    if (!waiting.size) this.pending.delete(room);
  }
}

/** The acts after which someone may read no cluster any more. */
const TAKES_ACCESS_AWAY = new Set(['RepresentativeChanged', 'MemberWithdrew', 'AuditorRevoked', 'RegistrarRevoked']);

/** A room a person follows (not a socket's own room, which socket.io names after the socket id). */
function isFollowRoom(room: string): boolean {
  return Object.hasOwn(ROOM_COLLECTION, room.slice(0, room.indexOf(':')));
}

function splitRoom(room: string): [keyof typeof ROOM_COLLECTION, string] {
  const at = room.indexOf(':');
  return [room.slice(0, at) as keyof typeof ROOM_COLLECTION, room.slice(at + 1)];
}
