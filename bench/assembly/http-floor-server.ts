/**
 * The HTTP floor of `npm run bench:assembly`: a bare Express or Fastify server (FRAMEWORK=express |
 * fastify) in its own process with one trivial route, `POST /ping` reading a small JSON body and
 * answering `{ ok: true }` with status 201 (what a command's answer looks like, without the command).
 * Prints `<framework> listening on http://127.0.0.1:<port>` when ready; stops on SIGTERM or when
 * its parent goes away (stdin closes).
 */
import express from 'express';
import Fastify from 'fastify';

const framework = process.env.FRAMEWORK ?? 'express';
const ready = (port: number) => console.log(`${framework} listening on http://127.0.0.1:${port}`);

async function main(): Promise<() => Promise<void>> {
  if (framework === 'fastify') {
    const app = Fastify({ logger: false });
    app.post('/ping', async (request, reply) => reply.code(201).send({ ok: true, got: (request.body as { memberId?: string })?.memberId ?? null }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    ready((app.server.address() as { port: number }).port);
    return () => app.close();
  }
  const app = express();
  app.use(express.json());
  app.post('/ping', (req, res) => {
    res.status(201).json({ ok: true, got: (req.body as { memberId?: string })?.memberId ?? null });
  });
  const server = app.listen(0, '127.0.0.1', () => ready((server.address() as { port: number }).port));
  return () => new Promise<void>((r) => server.close(() => r()));
}

main().then(
  (close) => {
    const stop = () => void close().finally(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    process.stdin.on('close', () => process.exit(0));
    process.stdin.resume();
  },
  (error: Error) => {
    console.error(error.stack ?? String(error));
    process.exit(1);
  },
);
