import { startTestServer, type TestServer } from '../support/test-server';

/**
 * The agreement's hash and signing message as the API hands them to a signatory (docs/formats.md).
 * Expected values are literal, computed outside Klaster:
 *   printf 'Zażółć gęślą jaźń\n\n§ 1\nŁódź\nŹródło: ąęćńóśźż.' | sha256sum
 *   openssl pkeyutl -sign -rawin over 'klaster-agreement:fmt:v1:<that hash>' with a key made by openssl genpkey.
 */
const TEXT_HASH = '6a818f44d96229cc31292fad842e3a7c25be86c7c609ee0b32dcb513d77669fe';
const SIGNING_MESSAGE = `klaster-agreement:fmt:v1:${TEXT_HASH}`;
const PUBLIC_KEY_RAW = 'BC8z8pyxKx8LZc+v84IiJSXb7EUwjCCjLtw59AX6gdg=';
const SIGNATURE = 'fGtyLrn/yNlj/BfIgpyALRXVeS0nhcR6obhKgFaFf6OksAV7i6GFM46/fM+qAUy7PuFZdiyO/5CQAElJ+iR4BA==';
/** The same key's signature over the fixture message of another cluster (wmkes): valid, but not for this text. */
const OTHER_SIGNATURE = 'slzyaMq3DMByDbjszns4GsmqyQhNF9KHwGfhXPZPYA4xvyJkSsYYPbl4LdCixvWiIOfKEYAc3SBekrEzHGsSBg==';

describe('the agreement as a signatory receives it (e2e)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    // The text typed with combining marks (NFD): it must hash as the precomposed text does.
    const founded = await server.call('POST', '/api/clusters', {
      as: 'p1',
      body: {
        clusterId: 'fmt',
        name: 'Klaster formatów',
        foundedOn: '2023-01-10',
        coordinatorMemberId: 'm1',
        foundingMembers: [1, 2].map((n) => ({ memberId: `m${n}`, organisation: { name: `Organizacja ${n}`, sector: 'business' }, representative: { personId: `p${n}`, role: 'Prezes' } })),
        agreement: {
          title: 'Zaz\u0307o\u0301\u0142c\u0301 ge\u0328s\u0301la\u0328 jaz\u0301n\u0301',
          sections: [{ number: '\u00a7 1', title: '\u0141o\u0301dz\u0301', text: 'Z\u0301ro\u0301d\u0142o: a\u0328e\u0328c\u0301n\u0301o\u0301s\u0301z\u0301z\u0307.' }],
        },
      },
    });
    expect(founded.status).toBe(201);
  });
  afterAll(() => server.close());

  it('answers the known text hash and signing message', async () => {
    const res = await server.call('GET', '/api/clusters/fmt/agreement', { as: 'p2' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 1, textHash: TEXT_HASH, signingMessage: SIGNING_MESSAGE });
  });

  it('accepts a signature made by openssl over that message with a raw base64 key, and refuses one over another message', async () => {
    const key = await server.call('POST', '/api/clusters/fmt/signing-keys', { as: 'p2', body: { keyId: 'openssl', publicKey: PUBLIC_KEY_RAW } });
    expect(key.status).toBe(201);
    const wrong = await server.call('POST', '/api/clusters/fmt/members/m2/signatures', { as: 'p2', body: { textHash: TEXT_HASH, signature: { keyId: 'openssl', value: OTHER_SIGNATURE } } });
    expect(wrong.status).toBe(422);
    const signed = await server.call('POST', '/api/clusters/fmt/members/m2/signatures', { as: 'p2', body: { textHash: TEXT_HASH, signature: { keyId: 'openssl', value: SIGNATURE } } });
    expect(signed.status).toBe(201);
    const cluster = await server.call('GET', '/api/clusters/fmt', { as: 'p2' });
    expect(cluster.body.signatures).toEqual([expect.objectContaining({ memberId: 'm2', textHash: TEXT_HASH })]);
  });
});
