import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** What a signatory signs with their Ed25519 key: binds the text hash to the cluster and version. */
export function signingMessage(clusterId: string, version: number, textHash: string): string {
  return `klaster-agreement:${clusterId}:v${version}:${textHash}`;
}

/** Accepts a PEM (SPKI) key or base64 of the raw 32-byte key; undefined if it is not an Ed25519 key. */
export function parseEd25519PublicKey(text: string): KeyObject | undefined {
  const trimmed = text.trim();
  try {
    const key = trimmed.startsWith('-----BEGIN')
      ? createPublicKey(trimmed)
      : createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(trimmed, 'base64').toString('base64url') }, format: 'jwk' });
    return key.asymmetricKeyType === 'ed25519' ? key : undefined;
  } catch {
    return undefined;
  }
}

export function verifyEd25519(publicKey: string, message: string, signatureBase64: string): boolean {
  const key = parseEd25519PublicKey(publicKey);
  if (!key) return false;
  try {
    return verify(null, Buffer.from(message, 'utf8'), key, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}
