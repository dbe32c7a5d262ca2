import { agreementTextHash } from '../src/cluster/agreement-text';
import { clusterDecider } from '../src/cluster/cluster.decider';
import { parseEd25519PublicKey, signingMessage, verifyEd25519 } from '../src/cluster/signing';
import type { ClusterEvent } from '../src/cluster/cluster.events';
import { specFor } from './given-when-then';
import { agreement, founded } from './cluster.fixtures';

/**
 * The formats signatories and auditors reproduce outside Klaster (docs/formats.md). Every expected
 * value below was computed independently of this code — `printf … | sha256sum` and
 * `openssl pkeyutl -sign -rawin` — and pasted here; none is computed by the code under test.
 */

/** The Polish text of the normalisation case, precomposed (NFC) as most keyboards type it. */
const precomposed = { title: 'Zażółć gęślą jaźń', sections: [{ number: '§ 1', title: 'Łódź', text: 'Źródło: ąęćńóśźż.' }] };
/** The same text typed with combining marks (NFD): z + U+0307 for ż, o + U+0301 for ó, a + U+0328 for ą … */
const combining = {
  title: 'Zaz\u0307o\u0301\u0142c\u0301 ge\u0328s\u0301la\u0328 jaz\u0301n\u0301',
  sections: [{ number: '\u00a7 1', title: '\u0141o\u0301dz\u0301', text: 'Z\u0301ro\u0301d\u0142o: a\u0328e\u0328c\u0301n\u0301o\u0301s\u0301z\u0301z\u0307.' }],
};

// printf 'Porozumienie o współpracy\n\n§ 1\nCele\nGłównym celem jest współpraca.\n\n§ 2\nObszary\nWspólne działania.' | sha256sum
const FIXTURE_HASH = '78d9b2535229ba5cb611e78913dc63f478cb204e28b3aeca4c4da847022cfe8c';
// printf 'Zażółć gęślą jaźń\n\n§ 1\nŁódź\nŹródło: ąęćńóśźż.' | sha256sum
const POLISH_HASH = '6a818f44d96229cc31292fad842e3a7c25be86c7c609ee0b32dcb513d77669fe';
// The NFD bytes hashed as they are (what a hash without normalisation would give): uconv -x any-nfd | sha256sum
const POLISH_NFD_BYTES_HASH = 'd2afab5b40b2a2ca27a76323f7a4a98afa978199959a6264e5b0c591b9c746fa';

/** An Ed25519 key made with `openssl genpkey -algorithm ed25519`; the private half is not kept. */
const PUBLIC_KEY_PEM = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEABC8z8pyxKx8LZc+v84IiJSXb7EUwjCCjLtw59AX6gdg=\n-----END PUBLIC KEY-----\n';
/** The same key as base64 of its raw 32 bytes (`openssl pkey -pubout -outform DER | tail -c 32 | base64`). */
const PUBLIC_KEY_RAW = 'BC8z8pyxKx8LZc+v84IiJSXb7EUwjCCjLtw59AX6gdg=';
/** openssl pkeyutl -sign -rawin over the UTF-8 bytes of `klaster-agreement:wmkes:v1:<FIXTURE_HASH>`. */
const SIGNATURE_WMKES_V1 = 'slzyaMq3DMByDbjszns4GsmqyQhNF9KHwGfhXPZPYA4xvyJkSsYYPbl4LdCixvWiIOfKEYAc3SBekrEzHGsSBg==';

describe('agreement text hash (format pinned by known answers)', () => {
  it('is sha256 (hex) of the title, then each "§ number\\ntitle\\ntext", joined by blank lines', () => {
    expect(agreementTextHash(agreement)).toBe(FIXTURE_HASH);
    expect(agreementTextHash(precomposed)).toBe(POLISH_HASH);
  });

  it('keeps the empty line of a section without a title', () => {
    // printf 'Zażółć gęślą jaźń\n\n§ 1\n\nBez tytułu.' | sha256sum
    expect(agreementTextHash({ title: 'Zażółć gęślą jaźń', sections: [{ number: '§ 1', title: '', text: 'Bez tytułu.' }] })).toBe(
      '2fb7d7ef927d46b21baa3aaf506502f586ba9040b2998900d54b687a010fd297',
    );
  });

  it('hashes the same Polish text typed with combining characters as the precomposed one (NFC)', () => {
    expect(combining.title).not.toBe(precomposed.title);
    expect(agreementTextHash(combining)).toBe(POLISH_HASH);
    expect(agreementTextHash(combining)).not.toBe(POLISH_NFD_BYTES_HASH);
  });

  it('changes with any character of the text, the section mark or the order of sections', () => {
    const two = { title: 'T', sections: [{ number: '§ 1', title: 'A', text: 'a' }, { number: '§ 2', title: 'B', text: 'b' }] };
    const hashes = new Set([
      agreementTextHash(two),
      agreementTextHash({ ...two, sections: [...two.sections].reverse() }),
      agreementTextHash({ ...two, sections: [{ ...two.sections[0], number: '§ 1a' }, two.sections[1]] }),
      agreementTextHash({ ...two, title: 'T ' }),
    ]);
    expect(hashes.size).toBe(4);
  });
});

describe('detached signature message (format pinned by known answers)', () => {
  it('is "klaster-agreement:<clusterId>:v<version>:<textHash>"', () => {
    expect(signingMessage('wmkes', 1, FIXTURE_HASH)).toBe(`klaster-agreement:wmkes:v1:${FIXTURE_HASH}`);
    expect(signingMessage('wm-kes', 12, POLISH_HASH)).toBe(
      'klaster-agreement:wm-kes:v12:6a818f44d96229cc31292fad842e3a7c25be86c7c609ee0b32dcb513d77669fe',
    );
  });

  it('verifies a signature made by openssl over that message, with the key as PEM or as raw base64', () => {
    const message = `klaster-agreement:wmkes:v1:${FIXTURE_HASH}`;
    expect(verifyEd25519(PUBLIC_KEY_PEM, message, SIGNATURE_WMKES_V1)).toBe(true);
    expect(verifyEd25519(PUBLIC_KEY_RAW, message, SIGNATURE_WMKES_V1)).toBe(true);
    expect(verifyEd25519(PUBLIC_KEY_RAW, `klaster-agreement:wmkes:v2:${FIXTURE_HASH}`, SIGNATURE_WMKES_V1)).toBe(false);
  });

  it('reads a raw base64 key as the same key as its PEM', () => {
    const raw = parseEd25519PublicKey(PUBLIC_KEY_RAW);
    expect(raw?.asymmetricKeyType).toBe('ed25519');
    expect(raw?.export({ type: 'spki', format: 'pem' })).toBe(PUBLIC_KEY_PEM);
    expect(parseEd25519PublicKey(`  ${PUBLIC_KEY_PEM}`)?.equals(raw!)).toBe(true);
  });

  it('refuses keys that are not 32 raw bytes of an Ed25519 key', () => {
    expect(parseEd25519PublicKey(Buffer.alloc(31, 1).toString('base64'))).toBeUndefined();
    expect(parseEd25519PublicKey(Buffer.alloc(33, 1).toString('base64'))).toBeUndefined();
    expect(parseEd25519PublicKey('-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n')).toBeUndefined();
    expect(verifyEd25519('not a key', 'x', SIGNATURE_WMKES_V1)).toBe(false);
  });

  describe('in the decider', () => {
    const given = specFor(clusterDecider);
    const sign = (signature: string) => ({
      type: 'SignAgreement' as const,
      clusterId: 'wmkes',
      actor: 'p2',
      at: '2015-03-01T09:00:00.000Z',
      memberId: 'm2',
      textHash: FIXTURE_HASH,
      signature: { keyId: 'k1', value: signature },
    });
    const registered = (publicKey: string): ClusterEvent => ({ type: 'SigningKeyRegistered', data: { personId: 'p2', keyId: 'k1', publicKey } });

    it.each([
      ['PEM', PUBLIC_KEY_PEM],
      ['raw base64', PUBLIC_KEY_RAW],
    ])('accepts the openssl signature of the current text with a %s key', (_form, key) => {
      given([...founded(), registered(key)])
        .when(sign(SIGNATURE_WMKES_V1))
        .thenContains([{ type: 'AgreementSigned', data: expect.objectContaining({ textHash: FIXTURE_HASH, signature: { keyId: 'k1', value: SIGNATURE_WMKES_V1 } }) }]);
    });

    it('registers a raw base64 key, and refuses one of the wrong length', () => {
      const register = (publicKey: string) => ({ type: 'RegisterSigningKey' as const, clusterId: 'wmkes', actor: 'p2', at: '2015-03-01T09:00:00.000Z', keyId: 'k1', publicKey });
      given(founded()).when(register(PUBLIC_KEY_RAW)).then([registered(PUBLIC_KEY_RAW)]);
      given(founded()).when(register(Buffer.alloc(31, 1).toString('base64'))).rejects('rule_broken', /not an Ed25519 public key/);
    });
  });
});
