import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { startTestServer, type TestServer } from '../support/test-server';

/** An existing identity provider: its JWKS served on loopback, tokens signed with its private key. */
describe('tokens from an identity provider (JWKS_URL)', () => {
  let idp: Server;
  let server: TestServer;
  let sign: (sub: string, issuer?: string) => Promise<string>;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
    idp = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/jwks.json`;
    sign = (sub, issuer = 'https://idp.test') =>
      new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'idp-1' }).setSubject(sub).setIssuer(issuer).setExpirationTime('5m').sign(privateKey);
    server = await startTestServer({ JWKS_URL: url, JWT_ISSUER: 'https://idp.test' });
  });
  afterAll(async () => {
    await server.close();
    await new Promise((resolve) => idp.close(resolve));
  });

  const list = async (token: string) => (await fetch(`${server.url}/api/clusters`, { headers: { authorization: `Bearer ${token}` } })).status;

  it('accepts a token signed by the provider, with sub as the person id', async () => {
    expect(await list(await sign('anna'))).toBe(200);
  });

  it('refuses a token from another issuer, and an HS256 token made with some secret', async () => {
    expect(await list(await sign('anna', 'https://elsewhere.test'))).toBe(401);
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('anna').sign(new TextEncoder().encode('x'.repeat(32)));
    expect(await list(forged)).toBe(401);
  });
});
