import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { startTestServer, type TestServer } from '../support/test-server';
import { foundSmallCluster } from '../support/small-cluster';

/** With SMTP_URL set, an invitation is e-mailed too, through a real SMTP server running in this process. */
describe('invitations by e-mail', () => {
  let smtp: SMTPServer;
  let server: TestServer;
  const received: { to: string[]; body: string }[] = [];
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let body = '';
        stream.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    server = await startTestServer({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Klaster <klaster@example.org>' });
    await foundSmallCluster(server, 'kl');
  });
  afterAll(async () => {
    await server.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('sends the link once to the address given, in the language asked; the address is not kept', async () => {
    const issued = await server.call('POST', '/api/clusters/kl/invitations', { as: 'p1', body: { role: 'auditor', email: 'anna@example.org', locale: 'pl' } });
    expect(issued.status).toBe(201);
    expect(issued.body.invitation.emailed).toBe(true);
    expect(received).toHaveLength(1);
    expect(received[0].to).toEqual(['anna@example.org']);
    const text = received[0].body.replace(/=\r?\n/g, '');
    expect(text).toContain('Klaster kl');
    expect(text).toContain(issued.body.invitation.token.slice(3, 20));
    expect((await server.call('GET', '/api/clusters/kl/invitations', { as: 'p1' })).body[0]).not.toHaveProperty('email');
  });

  it('an address that is not one is refused before anything is written', async () => {
    const bad = await server.call('POST', '/api/clusters/kl/invitations', { as: 'p1', body: { role: 'auditor', email: 'not an address' } });
    expect([bad.status, bad.body.code]).toEqual([400, 'invalid_request']);
    expect(received).toHaveLength(1);
  });
});
