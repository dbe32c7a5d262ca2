/**
 * A client process of the socket latency benchmark (forked by socket-fleet.ts, IPC with the
 * 'advanced' serialization). It holds socket.io-client sockets (`transports: ['websocket']`) of one
 * or more subjects (the Klaster server, the bare socket.io server), each joined to one room, and
 * stamps every `event` message on arrival with the machine's monotonic clock (CLOCK_MONOTONIC via
 * process.hrtime, the clock the sender stamps each command with in the parent process).
 *
 * A message is identified by its `position` (Klaster: the event's global position; bare: a
 * sequence number sent in the same field). Per subject and message the process keeps one arrival
 * time per socket, and tells the parent when every socket of the subject has it.
 */
import { io, type Socket } from 'socket.io-client';

export type Subject = 'klaster' | 'bare';

export type ToClients =
  | { op: 'connect'; subject: Subject; url: string; token?: string; room: string; count: number; concurrency: number }
  | { op: 'collect'; subject: Subject }
  | { op: 'sample'; subject: Subject }
  | { op: 'close'; subject: Subject }
  | { op: 'exit' };

export type FromClients =
  | { op: 'ready'; pid: number }
  | { op: 'connected'; subject: Subject; total: number; failures: string[] }
  | { op: 'complete'; subject: Subject; key: string }
  | { op: 'collected'; subject: Subject; sockets: number; receipts: [string, Float64Array][]; duplicates: number; disconnects: number }
  | { op: 'sample'; subject: Subject; message: unknown; bytes: number }
  | { op: 'closed'; subject: Subject };

/** Microseconds on the machine's monotonic clock, comparable between processes (Linux CLOCK_MONOTONIC). */
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

interface Receipts {
  times: Float64Array;
  /** How many sockets have the message. */
  count: number;
  seen: Uint8Array;
}

interface SubjectState {
  sockets: Socket[];
  receipts: Map<string, Receipts>;
  duplicates: number;
  disconnects: number;
  lastMessage?: unknown;
}

const subjects = new Map<Subject, SubjectState>();
const send = (message: FromClients) => process.send!(message);

function stateOf(subject: Subject): SubjectState {
  let state = subjects.get(subject);
  if (!state) subjects.set(subject, (state = { sockets: [], receipts: new Map(), duplicates: 0, disconnects: 0 }));
  return state;
}

/** One socket: connect, join, then stamp messages. Resolves once joined (or rejects with why not). */
function open(subject: Subject, state: SubjectState, url: string, token: string | undefined, room: string): Promise<void> {
  const index = state.sockets.length;
  const socket = io(`${url}/live`, {
    transports: ['websocket'],
    auth: token ? { token } : {},
    forceNew: true,
    reconnection: false,
    timeout: 60_000,
  });
  state.sockets.push(socket);
  socket.on('event', (message: { position: string }) => {
    const at = monotonicMicros();
    const key = message.position;
    let r = state.receipts.get(key);
    if (!r) {
      const n = state.sockets.length;
      state.receipts.set(key, (r = { times: new Float64Array(n).fill(NaN), count: 0, seen: new Uint8Array(n) }));
    }
    if (index >= r.times.length || r.seen[index]) {
      state.duplicates++;
      return;
    }
    r.seen[index] = 1;
    r.times[index] = at;
    state.lastMessage = message;
    if (++r.count === r.times.length) send({ op: 'complete', subject, key });
  });
  return new Promise<void>((resolve, reject) => {
    socket.once('connect_error', (error) => reject(new Error(`connect: ${error.message}`)));
    socket.once('connect', () => {
      socket
        .timeout(60_000)
        .emitWithAck('join', { room })
        .then((ack: { ok: boolean; error?: string }) => {
          if (!ack?.ok) return reject(new Error(`join refused: ${ack?.error ?? JSON.stringify(ack)}`));
          socket.on('disconnect', () => state.disconnects++);
          resolve();
        }, reject);
    });
  });
}

async function connect(command: Extract<ToClients, { op: 'connect' }>): Promise<void> {
  const state = stateOf(command.subject);
  if (state.receipts.size) throw new Error('connect after messages arrived: collect and close first');
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < command.count) {
      next++;
      try {
        await open(command.subject, state, command.url, command.token, command.room);
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(command.concurrency, command.count) }, worker));
  send({ op: 'connected', subject: command.subject, total: state.sockets.length, failures });
}

process.on('message', (command: ToClients) => {
  switch (command.op) {
    case 'connect':
      connect(command).catch((error: Error) => send({ op: 'connected', subject: command.subject, total: stateOf(command.subject).sockets.length, failures: [error.message] }));
      return;
    case 'collect': {
      const state = stateOf(command.subject);
      const receipts: [string, Float64Array][] = [...state.receipts].map(([key, r]) => [key, r.times]);
      send({ op: 'collected', subject: command.subject, sockets: state.sockets.length, receipts, duplicates: state.duplicates, disconnects: state.disconnects });
      state.receipts.clear();
      state.duplicates = 0;
      return;
    }
    case 'sample': {
      const message = stateOf(command.subject).lastMessage ?? null;
      send({ op: 'sample', subject: command.subject, message, bytes: Buffer.byteLength(JSON.stringify(message)) });
      return;
    }
    case 'close': {
      const state = stateOf(command.subject);
      for (const socket of state.sockets) socket.close();
      subjects.delete(command.subject);
      send({ op: 'closed', subject: command.subject });
      return;
    }
    case 'exit':
      for (const state of subjects.values()) for (const socket of state.sockets) socket.close();
      process.disconnect();
      setTimeout(() => process.exit(0), 200).unref();
      return;
  }
});

// The parent going away (crash, Ctrl-C) ends this process too: nothing keeps running by itself.
process.on('disconnect', () => process.exit(0));
send({ op: 'ready', pid: process.pid });
