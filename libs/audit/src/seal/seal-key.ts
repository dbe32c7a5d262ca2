import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { sealMessage, type Seal, type UnsignedSeal } from './seal-format';
import { reasonText, type FindingReason } from '../verify/findings';

/** The key a server signs its seals with: Ed25519 (RFC 8032; deterministic, so two servers sharing it sign a seal alike). */
export interface SealKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
  /** The public key as PEM (SPKI), as published at /.well-known/klaster-seal-key. */
  publicKeyPem: string;
}

/** The first 16 hex digits of SHA-256 over the public key's SPKI DER. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function sealKeyFromPem(pem: string): SealKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`A seal key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/**
 * The server's seal key in a file (PKCS#8 PEM): read when it exists, else made — readable by its owner
 * only (0600), as the other secrets of the data folder.
 */
export function loadOrCreateSealKey(path: string): SealKey {
  if (existsSync(path)) {
    chmodSync(path, 0o600);
    return sealKeyFromPem(readFileSync(path, 'utf8'));
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  return sealKeyFromPem(readFileSync(path, 'utf8'));
}

/** A public key given as PEM (SPKI), or as the private key's PEM (its public half is taken). */
export function publicKeyFromPem(pem: string): KeyObject {
  const key = pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`A seal key must be Ed25519, not ${key.asymmetricKeyType}`);
  return key;
}

export function signSeal(seal: UnsignedSeal, key: SealKey): Seal {
  const value = sign(null, Buffer.from(sealMessage(seal), 'utf8'), key.privateKey).toString('base64');
  return { ...seal, signature: { algorithm: 'Ed25519', keyId: key.keyId, value } };
}

/** What is wrong with a seal's signature under this public key (in English), or undefined when it is good. */
export function signatureProblem(seal: Seal, publicKey: KeyObject): string | undefined {
  const fault = signatureFault(seal, publicKey);
  return fault && reasonText(fault, 'en');
}

/** What is wrong with a seal's signature under this public key, as a message of the catalogue, or undefined when it is good. */
export function signatureFault(seal: Seal, publicKey: KeyObject): FindingReason | undefined {
  if (!seal.signature) return { key: 'finding.signature.unsigned' };
  const keyId = keyIdOf(publicKey);
  if (seal.signature.keyId !== keyId) return { key: 'finding.signature.otherKey', params: { keyId: seal.signature.keyId, expected: keyId } };
  const { signature, ...unsigned } = seal;
  let good = false;
  try {
    good = verify(null, Buffer.from(sealMessage(unsigned), 'utf8'), publicKey, Buffer.from(signature.value, 'base64'));
  } catch {
    good = false;
  }
  return good ? undefined : { key: 'finding.signature.invalid' };
}
