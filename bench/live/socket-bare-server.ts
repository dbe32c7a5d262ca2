/**
 * The floor of the socket latency benchmark: a bare socket.io Server (the same socket.io package
 * and defaults as Klaster's gateway, namespace /live, no authentication, no store) in its own
 * process. A client joins a room with `join { room }` (acknowledged, as Klaster's gateway does);
 * `POST /broadcast/<seq>` emits the payload template (set once by `PUT /template`, the size of a
 * Klaster vote message) to the room with `position` = seq and answers 201 after the emit.
 *
 * Prints `bare socket.io listening on http://127.0.0.1:<port>` when ready. Stops on SIGTERM or
 * when its parent goes away (stdin closes).
 */
import { createServer, type IncomingMessage } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 0);
const room = process.env.BARE_ROOM ?? 'meeting:walne-bench';
let template: Record<string, unknown> = { type: 'Bare', streamId: 'bare', position: '0', revision: '0', room, fragment: {} };

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });

const http = createServer((req, res) => {
  const broadcast = /^\/broadcast\/(\d+)$/.exec(req.url ?? '');
  if (req.method === 'POST' && broadcast) {
    // Same shape as the template, only the sequence number changes (in the field Klaster puts the position in).
    nsp.to(room).emit('event', { ...template, position: broadcast[1] });
    res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
    return;
  }
  if (req.method === 'PUT' && req.url === '/template') {
    body(req).then((text) => {
      template = JSON.parse(text) as Record<string, unknown>;
      res.writeHead(204).end();
    }, () => res.writeHead(400).end());
    return;
  }
  res.writeHead(404).end();
});

const io = new Server(http);
const nsp = io.of('/live');
nsp.on('connection', (socket) => {
  socket.on('join', (request: { room?: unknown }, ack?: (answer: unknown) => void) => {
    if (typeof request?.room !== 'string') return ack?.({ ok: false, error: 'send { room }' });
    void socket.join(request.room);
    ack?.({ ok: true, room: request.room });
  });
});

http.listen(port, '127.0.0.1', () => {
  const address = http.address() as { port: number };
  console.log(`bare socket.io listening on http://127.0.0.1:${address.port}`);
});

const stop = () => {
  io.close();
  http.close();
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
