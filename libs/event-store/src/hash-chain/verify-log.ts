import type { EventFilter, EventStore } from '../port/types';
import { ChainVerifier, type VerificationReport } from './hash-chain';

/** Verifies the hash chains of every stream the filter admits, through the port (any adapter). */
export async function verifyLog(store: EventStore, filter?: EventFilter): Promise<VerificationReport> {
  const verifier = new ChainVerifier();
  for await (const event of store.readAll({ filter })) verifier.check(event);
  return verifier.report();
}
