import { z } from 'zod';
import { LOCALES, inclusionProofSchema, sealSchema, type AggregateKind, type InclusionProof, type TrailPage } from '@klaster/audit';
import type { sealView } from '../audit/audit.controller';
import type { VerificationView } from '../audit/verification-jobs';

/*
 * The answers of the auditors' routes (apps/server/src/audit), for the OpenAPI document. Seals and
 * proofs reuse libs/audit's own zod schemas; the trail page and the verification job are TypeScript
 * interfaces there, so the Fits checks below make the compiler refuse a schema that drifts from them
 * (both ways), and the e2e contract check validates the real answers.
 */

const decimal = z.string().regex(/^\d+$/);
const texts = z.object(Object.fromEntries(LOCALES.map((l) => [l, z.string()])) as Record<(typeof LOCALES)[number], z.ZodString>).describe('The same text in each language');
const aggregateKinds = ['cluster', 'register', 'meeting', 'group', 'election', 'seal'] as const satisfies readonly AggregateKind[];

export const trailEntrySchema = z
  .object({
    position: decimal,
    streamId: z.string(),
    revision: decimal,
    eventId: z.string(),
    type: z.string(),
    aggregate: z.object({ kind: z.enum(aggregateKinds), id: z.string(), name: texts }),
    act: texts.describe('The act in words, in Polish and English'),
    actor: z.object({ personId: z.string(), name: z.string().nullable(), erased: z.boolean(), system: z.boolean(), label: texts }),
    occurredAt: z.string(),
    recordedAt: z.string(),
    reference: z.string().optional(),
    correlationId: z.string(),
    causationId: z.string(),
    charterVersion: z.number().int().nullable().describe('The charter version the act was judged under (null before the founding is recorded)'),
    hash: z.string(),
    prevHash: z.string().nullable(),
  })
  .meta({ id: 'AuditTrailEntry' });

export const trailPageSchema = z
  .object({
    entries: z.array(trailEntrySchema),
    nextCursor: decimal.nullable().describe('Pass as `after` for the next page; null once the log holds no more of the cluster’s events'),
  })
  .meta({ id: 'AuditTrailPage' });

/** A seal as the API shows it: the seal's data and the event that recorded it. */
export const sealViewSchema = sealSchema
  .extend({ eventId: z.string(), position: decimal, revision: decimal, hash: z.string().describe("The seal event's hash (the next seal's `previous.hash`)") })
  .meta({ id: 'SealView' });

export const latestSealSchema = sealViewSchema
  .extend({ publicKey: z.string().nullable().describe('The server’s Ed25519 public key (PEM) that signs its seals; null when it does not sign them') })
  .meta({ id: 'LatestSeal' });

export const sealOutcomeSchema = z.object({ created: z.boolean().describe('false: the latest seal already covered every act'), seal: sealViewSchema }).meta({ id: 'SealOutcome' });

export const proofSchema = inclusionProofSchema.meta({ id: 'InclusionProof' });

const findingSchema = z.object({
  kind: z.enum(['changed', 'missing', 'reordered', 'truncated', 'bad_signature']),
  streamId: z.string(),
  revision: decimal.optional(),
  eventId: z.string().optional(),
  position: decimal.optional(),
  seal: z.object({ clusterId: z.string(), sequence: z.number().int(), position: decimal }).optional(),
  detail: z.string(),
  text: z.string().describe('The finding in words'),
});

export const verificationSchema = z
  .object({
    state: z.enum(['running', 'done', 'failed']),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    eventsChecked: z.number().int(),
    position: decimal,
    target: decimal,
    percent: z.number().int().min(0).max(100),
    result: z
      .object({
        ok: z.boolean(),
        sealsChecked: z.number().int(),
        signaturesChecked: z.number().int(),
        streamsChecked: z.number().int(),
        firstProblem: findingSchema.optional().describe('The first broken event, and what broke'),
        problems: z.array(findingSchema).describe('The first 100 problems, in the order found'),
      })
      .optional(),
    error: z.string().optional(),
  })
  .meta({ id: 'Verification' });

type Fits<A, B extends A> = B;
type SealView = ReturnType<typeof sealView>;
export type AuditAnswersFit = [
  Fits<TrailPage, z.output<typeof trailPageSchema>>,
  Fits<z.output<typeof trailPageSchema>, TrailPage>,
  Fits<SealView, z.output<typeof sealViewSchema>>,
  Fits<z.output<typeof sealViewSchema>, SealView>,
  Fits<VerificationView, z.output<typeof verificationSchema>>,
  Fits<z.output<typeof verificationSchema>, VerificationView>,
  Fits<InclusionProof, z.output<typeof proofSchema>>,
];

const hash = (c: string) => c.repeat(64);
const sealedAt = '2025-04-15T18:00:00.000Z';
export const sealViewExample = {
  clusterId: 'wm-kes',
  sequence: 3,
  throughPosition: '1240',
  streams: [
    { streamId: 'cluster-wm-kes', revision: '42', hash: hash('a') },
    { streamId: 'meeting-wm-kes.rada-1', revision: '17', hash: hash('b') },
    { streamId: 'resolutions-wm-kes', revision: '5', hash: hash('c') },
  ],
  root: hash('d'),
  previous: { sequence: 2, eventId: '5c0f7b7e-2a8e-4f43-9d7b-0e1c2b3a4d5e', hash: hash('e'), root: hash('f') },
  sealedAt,
  signature: { algorithm: 'Ed25519', keyId: '3f2a9c0b1d4e5f60', value: 'mQ2l7w0cY8s1d3N1aVZ2dGVzdGluZ3NpZ25hdHVyZXMxMjM0NTY3ODkwYWJjZGVmZ2hpams=' },
  eventId: '9a1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e5f',
  position: '1241',
  revision: '2',
  hash: hash('9'),
} satisfies z.output<typeof sealViewSchema>;
const publicKey = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n';
export const latestSealExample = { ...sealViewExample, publicKey } satisfies z.output<typeof latestSealSchema>;
export const sealOutcomeExample = { created: true, seal: sealViewExample } satisfies z.output<typeof sealOutcomeSchema>;
export const publicKeyExample = publicKey;

const label = (pl: string, en: string) => ({ pl, en });
export const trailPageExample = {
  entries: [
    {
      position: '1180',
      streamId: 'meeting-wm-kes.rada-1',
      revision: '16',
      eventId: '1f2e3d4c-5b6a-4789-8a7b-6c5d4e3f2a1b',
      type: 'VoteClosed',
      aggregate: { kind: 'meeting', id: 'wm-kes.rada-1', name: label('Posiedzenie rady 1', 'Council meeting 1') },
      act: label('Głosowanie v1 zamknięte: uchwała przyjęta (3 za, 0 przeciw, 1 wstrzymujący się)', 'Vote v1 closed: resolution adopted (3 for, 0 against, 1 abstaining)'),
      actor: { personId: 'anna.nowak', name: 'Anna Nowak', erased: false, system: false, label: label('Anna Nowak', 'Anna Nowak') },
      occurredAt: '2025-04-15T17:20:00.000Z',
      recordedAt: '2025-04-15T17:20:01.512Z',
      correlationId: '7d6c5b4a-3928-4716-a5b4-c3d2e1f0a9b8',
      causationId: '7d6c5b4a-3928-4716-a5b4-c3d2e1f0a9b8',
      charterVersion: 2,
      hash: hash('b'),
      prevHash: hash('8'),
    },
  ],
  nextCursor: '1180',
} satisfies z.output<typeof trailPageSchema>;

const eventJson = (streamId: string, type: string, revision: string, position: string, data: Record<string, string | number>, h: string, prev: string | null) => ({
  id: `${streamId}@${revision}`,
  streamId,
  type,
  revision,
  position,
  data,
  metadata: { hash: h, prevHash: prev, correlationId: '7d6c5b4a-3928-4716-a5b4-c3d2e1f0a9b8', occurredAt: '2025-04-15T17:20:00.000Z' },
});
export const proofExample = {
  format: 'klaster-inclusion-proof/1',
  event: eventJson('resolutions-wm-kes', 'ResolutionNumberAssigned', '4', '1181', { number: '3/2025', body: 'council' }, hash('7'), hash('6')),
  chain: [eventJson('resolutions-wm-kes', 'ResolutionNumberAssigned', '5', '1230', { number: '4/2025', body: 'council' }, hash('c'), hash('7'))],
  seal: eventJson('seals-wm-kes', 'SealRecorded', '2', '1241', { sequence: 3, root: hash('d') }, hash('9'), hash('e')),
  leafIndex: 2,
  treeSize: 3,
  path: [hash('5')],
} satisfies z.output<typeof proofSchema>;

export const verificationRunningExample = { state: 'running', startedAt: sealedAt, eventsChecked: 1000, position: '1020', target: '1241', percent: 82 } satisfies z.output<typeof verificationSchema>;
export const verificationDoneExample = {
  state: 'done',
  startedAt: sealedAt,
  finishedAt: '2025-04-15T18:00:02.000Z',
  eventsChecked: 1241,
  position: '1241',
  target: '1241',
  percent: 100,
  result: {
    ok: false,
    sealsChecked: 3,
    signaturesChecked: 3,
    streamsChecked: 12,
    firstProblem: { kind: 'truncated', streamId: 'resolutions-wm-kes', seal: { clusterId: 'wm-kes', sequence: 3, position: '1241' }, detail: 'seal 3 lists revision 5; the stream ends at revision 4', text: 'truncated: stream resolutions-wm-kes: seal 3 lists revision 5; the stream ends at revision 4' },
    problems: [{ kind: 'truncated', streamId: 'resolutions-wm-kes', seal: { clusterId: 'wm-kes', sequence: 3, position: '1241' }, detail: 'seal 3 lists revision 5; the stream ends at revision 4', text: 'truncated: stream resolutions-wm-kes: seal 3 lists revision 5; the stream ends at revision 4' }],
  },
} satisfies z.output<typeof verificationSchema>;
