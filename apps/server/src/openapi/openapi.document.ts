import { z } from 'zod';
import { recordedActSchema, recordedActsExample } from '../reads/recorded-acts';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { clusterCommandBodies as bodies, idSchema, meetingCommandBodies, type MeetingCommandType, occurrenceFields } from '@klaster/domain';
import { groupCommandBodies, type GroupCommandType } from '@klaster/domain';
import { personDetailsBody } from '../people/people.controller';
import { electionCommandBodies, type ElectionCommandType } from '@klaster/domain';

import { agreementVersionViewSchema, amendmentViewSchema, annualCycleViewSchema } from '../clusters/queries/agreement-history';
import { bodiesViewSchema } from '../clusters/queries/bodies.view';
import { clusterListItemSchema, clusterViewSchema, currentAgreementSchema } from '../clusters/queries/cluster.view';
import { representativesPageQuerySchema, representativesPageSchema } from '../clusters/queries/representative-history';
import { electionViewSchema } from '../elections/queries/election.view';
import { groupSummarySchema, groupViewSchema } from '../groups/queries/group.view';
import { commandResponseSchema, errorBodySchema } from '../http/contracts';
import { meetingSummarySchema, meetingViewSchema, registerEntrySchema } from '../meetings/queries/meeting.view';
import { complianceViewSchema, inboxViewSchema, personViewSchema, resolutionViewSchema } from '../reads/reads.views';
import * as answers from './examples/answer-examples';
import * as invitations from './invitation-answers';
import * as importContract from '../imports/import-contract';
import { issueInvitationBody, tokenBody } from '../identity/identity.schemas';
import * as audit from './audit-answers';
import * as signIn from './identity-answers';
import { ceremonyBody, deviceOptionsBody, passkeyOptionsForInvitationBody, registrationBody } from '../identity/identity.schemas';
import { credentialIdSchema } from '../identity/devices.controller';
import { oidcStartBody } from '../identity/oidc.controller';
import { proofQuerySchema, trailFiltersSchema, trailQuerySchema } from '../audit/audit-queries';
import { bodySchema as documentBodySchema, languageSchema, versionSchema, yearSchema } from '../audit/documents/documents.controller';
import { clusterCommandExamples, electionCommandExamples, groupCommandExamples, meetingCommandExamples } from './examples/command-examples';

/*
 * Every answer is described by the zod schema its view is typed with (the server builds it to that
 * type), with an example; every error by errorBodySchema. test/server/openapi-contract.e2e-spec.ts
 * validates real answers against this document.
 */

const errors = {
  '400': 'The request is not valid (`issues` lists each problem with its path)',
  '401': 'No valid bearer token',
  '403': 'A member without the right to this act',
  '404': 'No such record, or one you may not see (the same answer)',
  '409': 'A real conflict: already voted, a record that already exists, `busy`',
  '412': '`If-Match` names an old revision (`stale_revision`)',
  '413': 'The body (or an event) is too large',
  '415': 'The body is not JSON in UTF-8',
  '422': 'The act breaks a rule of the agreement or charter (`rule_broken`, or a more precise code)',
  '429': 'Rate limited: try again after `Retry-After` seconds',
  '503': 'Not yet: the read models behind `position` (`read_models_behind`), the store unreachable (`unavailable`), or a damaged record (`record_damaged`, with `damage`)',
} as const;
type ErrorStatus = keyof typeof errors;
const errorResponse = (status: ErrorStatus) => ({
  description: errors[status],
  content: { 'application/json': { schema: errorBodySchema, example: answers.errorExamples[status] } },
});
const errorResponsesOf = (statuses: readonly ErrorStatus[]) => Object.fromEntries(statuses.map((s) => [s, errorResponse(s)]));
const COMMAND_ERRORS = ['400', '401', '403', '404', '409', '412', '413', '415', '422', '429', '503'] as const;
const QUERY_ERRORS = ['400', '401', '404', '429', '503'] as const;
const errorResponses = errorResponsesOf(COMMAND_ERRORS);
const commandHeaders = z.object({
  'if-match': z.string().optional().describe('W/"<revision>": act only if the record addressed is still at this revision (else 412)'),
  'idempotency-key': z.string().optional().describe('A retry with the same key returns the first answer and writes nothing'),
});

function command(type: keyof typeof clusterCommandExamples, summary: string, path: Record<string, z.ZodType> = {}): ZodOpenApiOperationObject {
  return commandOperation(type, bodies[type], 'clusters', summary, path, clusterCommandExamples[type]);
}

function meetingCommand(type: MeetingCommandType, summary: string, path: Record<string, z.ZodType>): ZodOpenApiOperationObject {
  return commandOperation(type, meetingCommandBodies[type], 'meetings', summary, path, meetingCommandExamples[type]);
}

/** Commands that replace a value (a representative, the coordinator, a zone, a group's conditions or leader) answer 200, not 201. */
const REPLACING = new Set(['ChangeRepresentative', 'AppointCoordinator', 'ChangeTimeZone', 'SetMembershipConditions', 'AppointGroupLeader']);

export function commandOperation(operationId: string, body: z.ZodType, tag: string, summary: string, path: Record<string, z.ZodType>, example: unknown): ZodOpenApiOperationObject {
  const success = REPLACING.has(operationId) ? '200' : '201';
  return {
    operationId,
    summary,
    tags: [tag],
    requestParams: { path: z.object(path), header: commandHeaders },
    // Any command may be an act recorded after the fact: occurredAt, reference, actedBy.
    requestBody: { content: { 'application/json': { schema: body instanceof z.ZodObject ? body.extend(occurrenceFields) : body, example } } },
    responses: {
      [success]: {
        description: 'Recorded (`ETag`: the revision of the record addressed); `consequences` lists what Klaster wrote on other streams',
        content: { 'application/json': { schema: commandResponseSchema, example: answers.commandAnswerExample } },
      },
      ...errorResponses,
    },
  };
}

const positionParam = z.string().regex(/^\d+$/).optional().describe("Read your own write: a command's `position`; the query waits (bounded, then 503) until the read models reflect it");
const readQuery = z.object({ position: positionParam });
const timeTravelQuery = readQuery.extend({
  asOf: z.string().optional().describe('Time travel: the state at the end of this day (YYYY-MM-DD) in the cluster’s time zone, by the date each act occurred'),
  atPosition: z.string().regex(/^\d+$/).optional().describe('Time travel: the state after this global position (not with asOf)'),
});

interface Answer {
  schema: z.ZodType;
  example: unknown;
}

function query(operationId: string, summary: string, tag: string, answer: Answer, path: Record<string, z.ZodType> = {}, params: z.ZodObject = readQuery): ZodOpenApiOperationObject {
  return {
    operationId,
    summary,
    tags: [tag],
    requestParams: { path: z.object(path), query: params },
    responses: {
      '200': { description: 'OK', content: { 'application/json': { schema: answer.schema, example: answer.example } } },
      ...errorResponsesOf(QUERY_ERRORS),
    },
  };
}

/** A query that also answers with a past state (`asOf` or `atPosition`). */
const travellingQuery = (operationId: string, summary: string, tag: string, answer: Answer, path: Record<string, z.ZodType>) => query(operationId, summary, tag, answer, path, timeTravelQuery);
const list = (schema: z.ZodType, example: unknown[]): Answer => ({ schema: z.array(schema), example });

function groupCommand(type: GroupCommandType, summary: string, path: Record<string, z.ZodType>): ZodOpenApiOperationObject {
  return commandOperation(type, groupCommandBodies[type], 'groups', summary, path, groupCommandExamples[type]);
}

function electionCommand(type: ElectionCommandType, summary: string, path: Record<string, z.ZodType>): ZodOpenApiOperationObject {
  return commandOperation(type, electionCommandBodies[type], 'elections', summary, path, electionCommandExamples[type]);
}
const electionPath = { electionId: idSchema };
const candidatePath = { electionId: idSchema, memberId: idSchema };

const clusterId = { clusterId: idSchema };
const groupPath = { groupId: idSchema };
const taskPath = { groupId: idSchema, taskId: idSchema };
const memberPath = { clusterId: idSchema, memberId: idSchema };
const meetingPath = { meetingId: idSchema };
const amendmentPath = { clusterId: idSchema, amendmentId: idSchema };
const yearPath = { clusterId: idSchema, year: z.coerce.number().int() };
const votePath = { meetingId: idSchema, voteId: idSchema };

/*
 * The auditors' routes (apps/server/src/audit): JSON answers, and streamed files (JSON Lines, CSV, PDF)
 * that carry the seal covering them in `X-Klaster-Seal`.
 */
const AUDIT_ERRORS = ['400', '401', '403', '404', '429', '503'] as const;
const sealHeader = z.object({
  'X-Klaster-Seal': z.string().describe('The seal the file was drawn from: `<sequence>; root=<merkle root>; position=<position>`'),
  'Content-Disposition': z.string().describe('attachment; filename="…"'),
});
function auditOperation(operationId: string, summary: string, path: Record<string, z.ZodType>, params: z.ZodObject | undefined, status: '200' | '201' | '202', description: string, content: Record<string, { schema: z.ZodType; example: unknown }>, extra: { headers?: z.ZodObject } = {}, errors: readonly ErrorStatus[] = AUDIT_ERRORS): ZodOpenApiOperationObject {
  return {
    operationId,
    summary,
    tags: ['audit'],
    requestParams: { path: z.object(path), ...(params ? { query: params } : {}) },
    responses: { [status]: { description, content, ...extra }, ...errorResponsesOf(errors) },
  };
}
const json = (answer: Answer) => ({ 'application/json': { schema: answer.schema, example: answer.example } });
const auditPath = `/api/clusters/{clusterId}/audit`;
const documentPath = `/api/clusters/{clusterId}/documents`;
const pdf = { 'application/pdf': { schema: z.string().describe('A PDF (binary)'), example: '%PDF-1.7 …' } };
const auditPaths: ZodOpenApiPathsObject = {
  [`${auditPath}/trail`]: {
    get: auditOperation('GetAuditTrail', "The audit trail: every act of the cluster's streams, in words (Polish and English), who did it, when it occurred and was recorded, the charter version it was judged under; filtered, paged by log position (auditors, coordinator, registrars; one reading at a time per person)", clusterId, trailQuerySchema, '200', 'A page of the trail', json({ schema: audit.trailPageSchema, example: audit.trailPageExample })),
  },
  [`${auditPath}/export.{format}`]: {
    get: auditOperation(
      'ExportAuditTrail',
      'The trail streamed as JSON Lines (`export.jsonl`) or CSV (`export.csv`), with the trail’s filters, for the whole history without paging; it ends with the seal that covers it (the cluster is sealed first when its latest seal is behind). The formats: docs/formats.md, “Export”',
      { ...clusterId, format: z.enum(['jsonl', 'csv']) },
      trailFiltersSchema,
      '200',
      'The export, streamed (a cut stream verifies as cut short)',
      {
        'application/x-ndjson': { schema: z.string().describe('JSON Lines: a header line, one line per entry, the closing seal line (the lines as docs/formats.md describes them)'), example: '{"format":"klaster-audit-export/2",…}\n{…}\n' },
        'text/csv': { schema: z.string().describe('CSV with a header row, one row per entry, the closing seal row (docs/formats.md)'), example: 'position,streamId,revision,…\r\n' },
      },
      { headers: sealHeader },
    ),
  },
  [`${auditPath}/seals`]: {
    post: {
      ...auditOperation('SealCluster', 'Seal the cluster now: a seal event committing to the head of every stream (a Merkle root) and to the previous seal, signed with the server’s key when it signs; no body', clusterId, undefined, '201', 'Sealed', json({ schema: audit.sealOutcomeSchema, example: audit.sealOutcomeExample })),
      responses: {
        '201': { description: 'Sealed: a new seal', content: json({ schema: audit.sealOutcomeSchema, example: audit.sealOutcomeExample }) },
        '200': { description: 'Not sealed again: the latest seal already covers every act (`created: false`)', content: json({ schema: audit.sealOutcomeSchema, example: { ...audit.sealOutcomeExample, created: false } }) },
        ...errorResponsesOf(AUDIT_ERRORS),
      },
    },
  },
  [`${auditPath}/seals/latest`]: {
    get: auditOperation('GetLatestSeal', 'The latest seal of the cluster and the public key that signed it (404 `no_seal` before the first)', clusterId, undefined, '200', 'The latest seal', json({ schema: audit.latestSealSchema, example: audit.latestSealExample })),
  },
  [`${auditPath}/proof`]: {
    get: auditOperation('GetInclusionProof', 'An event’s inclusion proof: its chain up to the stream head and the Merkle path to a seal (sealing first when none covers it yet), checked offline by `npm run cli -- audit check-proof` (docs/formats.md, “Inclusion proof”); 422 `seal_has_no_proof` for a seal itself', clusterId, proofQuerySchema, '200', 'The proof', json({ schema: audit.proofSchema, example: audit.proofExample }), {}, [...AUDIT_ERRORS, '422']),
  },
  [`${auditPath}/verification`]: {
    post: {
      ...auditOperation('StartVerification', 'Start verifying the cluster’s record — every chain, every seal and its signature — or answer the verification under way; no body', clusterId, undefined, '202', 'Started (or already running): poll GET for its progress', json({ schema: audit.verificationSchema, example: audit.verificationRunningExample })),
    },
    get: auditOperation('GetVerification', 'The progress and result of the last verification this server ran (404 `no_verification` before one): the first broken event and what broke (changed, missing, reordered, truncated, bad_signature)', clusterId, undefined, '200', 'The verification', json({ schema: audit.verificationSchema, example: audit.verificationDoneExample })),
  },
  [`${documentPath}/meetings/{meetingId}/minutes`]: {
    get: auditOperation('GetMinutesPdf', 'A meeting’s minutes as a PDF: attendance, agenda, each vote with its rule, quorum and result, the resolutions, the approval; each page names the seal it was drawn from (anyone who may read the cluster)', { ...clusterId, meetingId: idSchema }, languageSchema, '200', 'The PDF', pdf, { headers: sealHeader }),
  },
  [`${documentPath}/resolutions/{body}/{year}`]: {
    get: auditOperation('GetResolutionRegisterPdf', 'A year’s register of a body’s resolutions as a PDF (body: council, general_meeting, forum or group:<groupId>)', { ...clusterId, body: documentBodySchema, year: yearSchema }, languageSchema, '200', 'The PDF', pdf, { headers: sealHeader }),
  },
  [`${documentPath}/agreement/{version}`]: {
    get: auditOperation('GetAgreementPdf', 'The agreement’s consolidated text at a version, with its signature register, as a PDF', { ...clusterId, version: versionSchema }, languageSchema, '200', 'The PDF', pdf, { headers: sealHeader }),
  },
  '/.well-known/klaster-seal-key': {
    get: {
      operationId: 'GetSealKey',
      summary: 'The server’s Ed25519 public key (PEM, SPKI) that signs its seals, for anyone checking a seal, an export or a proof (no token); 404 `seals_unsigned` when the server does not sign',
      tags: ['audit'],
      security: [],
      responses: {
        '200': { description: 'The public key', content: { 'application/x-pem-file': { schema: z.string().describe('PEM'), example: audit.publicKeyExample } } },
        ...errorResponsesOf(['400', '404', '429']),
      },
    },
  },
};

/*
 * Signing in (apps/server/src/identity): passkeys, the OIDC provider, sessions, a person's devices. An
 * answer that starts a session sets the refresh token in an httpOnly cookie; the body has the access token.
 */
function identityOperation(operationId: string, summary: string, options: { public?: boolean; body?: Answer; path?: Record<string, z.ZodType>; status: string; answer?: Answer; description: string; errors: readonly ErrorStatus[]; extra?: object }): ZodOpenApiOperationObject {
  return {
    operationId,
    summary,
    tags: ['sign-in'],
    ...(options.public ? { security: [] } : {}),
    ...(options.path ? { requestParams: { path: z.object(options.path) } } : {}),
    ...(options.body ? { requestBody: { content: { 'application/json': { schema: options.body.schema, example: options.body.example } } } } : {}),
    responses: {
      [options.status]: { description: options.description, ...(options.answer ? { content: { 'application/json': { schema: options.answer.schema, example: options.answer.example } } } : {}), ...options.extra },
      ...errorResponsesOf(options.errors),
    },
  };
}
const SIGN_IN_ERRORS = ['400', '401', '413', '415', '429'] as const;
const session = { schema: signIn.sessionSchema, example: signIn.sessionExample };
const ceremony = { schema: signIn.ceremonySchema, example: signIn.ceremonyExample };
const identityPaths: ZodOpenApiPathsObject = {
  '/api/auth/methods': {
    get: identityOperation('GetSignInMethods', 'Which ways of signing in this server offers (passkeys; the OIDC provider, if configured)', { public: true, status: '200', description: 'The methods', answer: { schema: signIn.signInMethodsSchema, example: signIn.signInMethodsExample }, errors: ['400', '429'] }),
  },
  '/api/auth/passkey/options': {
    post: identityOperation('BeginPasskeySignIn', 'Step 1 of signing in with a passkey: a ceremony and the options for the device (rate limited per address)', { public: true, body: { schema: deviceOptionsBody, example: {} }, status: '200', description: 'The ceremony', answer: ceremony, errors: ['400', '413', '415', '429'] }),
  },
  '/api/auth/passkey': {
    post: identityOperation('SignInWithPasskey', "Step 2: the device's answer; a session begins (401 `no_access` for a person who no longer acts in any cluster)", { public: true, body: { schema: ceremonyBody, example: signIn.webAuthnAnswerExample }, status: '200', description: 'Signed in: the access token; the refresh token in its cookie', answer: session, errors: SIGN_IN_ERRORS }),
  },
  '/api/auth/refresh': {
    post: identityOperation('RefreshSession', "A fresh access token for the session cookie (the cookie's token is rotated); no body", { public: true, status: '200', description: 'The session, continued', answer: session, errors: ['400', '401', '429'] }),
  },
  '/api/auth/sign-out': {
    post: identityOperation('SignOut', "End this browser's session: its access tokens are refused and its sockets closed at once; no body", { public: true, status: '204', description: 'Signed out (the cookie cleared)', errors: ['400', '429'] }),
  },
  '/api/auth/sign-out-everywhere': {
    post: identityOperation('SignOutEverywhere', 'End every session of yours, on every device; no body', { status: '200', description: 'How many sessions ended', answer: { schema: signIn.sessionsEndedSchema, example: { sessionsEnded: 2 } }, errors: ['400', '401', '429'] }),
  },
  '/api/auth/devices': {
    get: identityOperation('ListDevices', 'Your passkeys (devices)', { status: '200', description: 'Your devices', answer: { schema: z.array(signIn.deviceSchema), example: [signIn.deviceExample] }, errors: ['400', '401', '429'] }),
    post: identityOperation('AddDevice', "Add a passkey while signed in: the device's answer to the options of POST /api/auth/devices/options", { body: { schema: registrationBody, example: { ...signIn.webAuthnAnswerExample, label: 'Laptop' } }, status: '201', description: 'The device added', answer: { schema: signIn.deviceSchema, example: signIn.deviceExample }, errors: [...SIGN_IN_ERRORS, '403'] }),
  },
  '/api/auth/devices/options': {
    post: identityOperation('BeginAddDevice', 'Step 1 of adding a passkey while signed in: the options for the new device', { body: { schema: deviceOptionsBody, example: {} }, status: '200', description: 'The ceremony', answer: ceremony, errors: SIGN_IN_ERRORS }),
  },
  '/api/auth/devices/{credentialId}': {
    delete: identityOperation('RemoveDevice', 'Remove one of your passkeys (422 `last_device` for your only one: add another first)', { path: { credentialId: credentialIdSchema }, status: '204', description: 'Removed', errors: ['400', '401', '404', '422', '429'] }),
  },
  '/api/auth/oidc/start': {
    post: identityOperation('StartOidcSignIn', "The OIDC provider's authorization URL (with an invitation to accept on the way back)", { public: true, body: { schema: oidcStartBody, example: { invitationToken: invitations.tokenExample.token } }, status: '200', description: 'Where to send the browser', answer: { schema: signIn.oidcStartSchema, example: { url: 'https://login.example.org/authorize?client_id=klaster&state=…' } }, errors: ['400', '404', '409', '413', '415', '422', '429'] }),
  },
  '/api/auth/oidc/callback': {
    get: identityOperation('FinishOidcSignIn', "Back from the provider (the browser, not a client): a redirect to the page with the session cookie, or to `/?signInError=<code>`", { public: true, status: '303', description: 'See Other: `/`, or `/?signInError=<code>`', extra: { headers: z.object({ Location: z.string() }) }, errors: ['400', '429'] }),
  },
  '/api/invitations/passkey/options': {
    post: identityOperation('BeginInvitationPasskey', 'Accepting an invitation as a new person, step 1: the options for their device to make a passkey', { public: true, body: { schema: passkeyOptionsForInvitationBody, example: { ...invitations.tokenExample, displayName: 'Marta Zielińska' } }, status: '200', description: 'The ceremony', answer: ceremony, errors: ['400', '404', '409', '413', '415', '422', '429'] }),
  },
  '/api/invitations/passkey': {
    post: {
      ...identityOperation('AcceptInvitationWithPasskey', "Step 2: the device's new passkey; the invitation is accepted as the new person and a session begins", { public: true, body: { schema: registrationBody, example: { ...signIn.webAuthnAnswerExample, label: 'Telefon' } }, status: '201', description: 'Accepted: the act recorded, and the session', answer: { schema: signIn.acceptedWithPasskeySchema, example: { ...answers.commandAnswerExample, session: signIn.sessionExample } }, errors: COMMAND_ERRORS }),
      requestParams: { header: commandHeaders },
    },
  },
};

/** Every HTTP route; an e2e test checks each one answers, so this table cannot drift from the controllers. */
export const apiPaths: ZodOpenApiPathsObject = {
  '/api/clusters': {
    post: command('FoundCluster', 'Found a cluster: agreement text, charter, founding members, coordinator'),
    get: query('ListClusters', 'The clusters you belong to or audit', 'clusters', list(clusterListItemSchema, answers.clusterListExample)),
  },
  '/api/clusters/{clusterId}': { get: travellingQuery('GetCluster', 'A cluster: members, coordinator (or a vacant office), charter, agreement, signatures (now, or asOf / atPosition)', 'clusters', { schema: clusterViewSchema, example: answers.clusterExample }, clusterId) },
  '/api/clusters/{clusterId}/bodies': {
    get: travellingQuery('GetClusterBodies', 'Each body (council, general meeting, working groups, forum) with its members, their representatives and whether each votes there (now, or asOf / atPosition)', 'clusters', { schema: bodiesViewSchema, example: answers.bodiesExample }, clusterId),
  },
  '/api/clusters/{clusterId}/agreement': {
    get: travellingQuery('GetAgreement', 'The current agreement text, its hash and the message to sign (or the latest text at asOf / atPosition)', 'clusters', { schema: currentAgreementSchema, example: answers.currentAgreementExample }, clusterId),
  },
  '/api/clusters/{clusterId}/members': { post: command('AdmitMember', 'Admit a member (the coordinator)', clusterId) },
  '/api/clusters/{clusterId}/members/{memberId}/representative': {
    post: command('ChangeRepresentative', "Change a member's representative", memberPath),
  },
  '/api/clusters/{clusterId}/members/{memberId}/representatives': {
    get: query(
      'GetRepresentativeHistory',
      "A member's whole history of representatives, page by page from a position (`cursor`, `limit`); the cluster view shows only the latest",
      'clusters',
      { schema: representativesPageSchema, example: answers.representativesPageExample },
      memberPath,
      readQuery.extend({
        cursor: z.string().regex(/^\d+$/).optional().describe(representativesPageQuerySchema.shape.cursor.description ?? ''),
        limit: z.string().regex(/^\d+$/).optional().describe(representativesPageQuerySchema.shape.limit.description ?? ''),
      }),
    ),
  },
  '/api/clusters/{clusterId}/members/{memberId}/withdrawal': {
    post: command('WithdrawMember', 'Unilateral written withdrawal of a member', memberPath),
  },
  '/api/clusters/{clusterId}/members/{memberId}/signatures': {
    post: command('SignAgreement', 'Sign the current agreement text for a member (optionally with an Ed25519 signature)', memberPath),
  },
  '/api/clusters/{clusterId}/coordinator': { post: command('AppointCoordinator', 'Hand coordination to another member', clusterId) },
  '/api/clusters/{clusterId}/auditors': { post: command('AppointAuditor', 'Appoint an auditor (read-only)', clusterId) },
  '/api/clusters/{clusterId}/auditors/{personId}/revocation': {
    post: command('RevokeAuditor', 'Revoke an auditor', { clusterId: idSchema, personId: idSchema }),
  },
  '/api/clusters/{clusterId}/registrars': { post: command('AppointRegistrar', 'Appoint a registrar: reads the cluster and records its past acts', clusterId) },
  '/api/clusters/{clusterId}/registrars/{personId}/revocation': {
    post: command('RevokeRegistrar', 'Revoke a registrar', { clusterId: idSchema, personId: idSchema }),
  },
  '/api/clusters/{clusterId}/invitations': {
    post: {
      operationId: 'IssueInvitation',
      summary: 'Invite a person to represent a member, or to audit or register (the coordinator): the link is in the answer, this once',
      tags: ['clusters'],
      requestParams: { path: z.object(clusterId), header: commandHeaders },
      requestBody: { content: { 'application/json': { schema: issueInvitationBody, example: invitations.issueInvitationExample } } },
      responses: {
        '201': { description: 'Issued', content: { 'application/json': { schema: invitations.issuedInvitationSchema, example: invitations.issuedInvitationExample } } },
        ...errorResponses,
      },
    },
    get: {
      ...query('ListOpenInvitations', 'The invitations still open (the coordinator; the token is never shown again)', 'clusters', list(invitations.openInvitationSchema, invitations.openInvitationsExample), clusterId),
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: z.array(invitations.openInvitationSchema), example: invitations.openInvitationsExample } } },
        ...errorResponsesOf([...QUERY_ERRORS, '403']),
      },
    },
  },
  '/api/clusters/{clusterId}/invitations/{invitationId}/revocation': {
    post: {
      operationId: 'RevokeInvitation',
      summary: 'Revoke an open invitation (the coordinator); no body',
      tags: ['clusters'],
      requestParams: { path: z.object({ clusterId: idSchema, invitationId: idSchema }), header: commandHeaders },
      responses: { '201': { description: 'Revoked', content: { 'application/json': { schema: commandResponseSchema, example: answers.commandAnswerExample } } }, ...errorResponses },
    },
  },
  '/api/invitations/preview': {
    post: {
      operationId: 'PreviewInvitation',
      summary: 'What an invitation link offers, before accepting it (no token needed: the link is the secret)',
      tags: ['people'],
      security: [],
      requestBody: { content: { 'application/json': { schema: tokenBody, example: invitations.tokenExample } } },
      responses: {
        '200': { description: 'The invitation', content: { 'application/json': { schema: invitations.invitationPreviewSchema, example: invitations.invitationPreviewExample } } },
        ...errorResponsesOf(['400', '404', '413', '415', '429']),
      },
    },
  },
  '/api/invitations/acceptance': {
    post: {
      operationId: 'AcceptInvitation',
      summary: 'Accept an invitation as the person signed in (a new person registers a passkey instead: see the README, Signing in)',
      tags: ['people'],
      requestParams: { header: commandHeaders },
      requestBody: { content: { 'application/json': { schema: tokenBody, example: invitations.tokenExample } } },
      responses: { '201': { description: 'Accepted', content: { 'application/json': { schema: commandResponseSchema, example: answers.commandAnswerExample } } }, ...errorResponses },
    },
  },
  '/api/clusters/{clusterId}/time-zone': { post: command('ChangeTimeZone', "Change the cluster's time zone (its days, resolution years and deadlines are judged there)", clusterId) },
  '/api/clusters/{clusterId}/signing-keys': { post: command('RegisterSigningKey', 'Register your Ed25519 public key', clusterId) },
  '/api/clusters/{clusterId}/amendments': {
    post: command('ProposeAmendment', 'Propose an amendment to a § of the current agreement (and optionally the charter)', clusterId),
    get: travellingQuery('ListAmendments', 'Amendments and their status', 'clusters', list(amendmentViewSchema, answers.amendmentsExample), clusterId),
  },
  '/api/clusters/{clusterId}/amendments/{amendmentId}/withdrawal': { post: command('WithdrawAmendment', 'Withdraw your amendment', amendmentPath) },
  '/api/clusters/{clusterId}/amendments/{amendmentId}/adoption': {
    post: command('AdoptAmendment', 'Record the adoption of an amendment by a general-meeting resolution: a new consolidated version', amendmentPath),
  },
  '/api/clusters/{clusterId}/amendments/{amendmentId}/rejection': { post: command('RejectAmendment', 'Record the rejection of an amendment', amendmentPath) },
  '/api/clusters/{clusterId}/agreement/versions': {
    get: travellingQuery('GetAgreementVersions', 'Every consolidated version of the agreement, with its amendment and a diff to the previous one', 'clusters', list(agreementVersionViewSchema, answers.agreementVersionsExample), clusterId),
  },
  '/api/clusters/{clusterId}/annual-reports': { post: command('SubmitAnnualReport', "Submit the leader's annual report for a year (document hash)", clusterId) },
  '/api/clusters/{clusterId}/annual-cycles': { get: travellingQuery('ListAnnualCycles', 'Per year: report, acceptance, absolution, action plan, thematic networks', 'clusters', list(annualCycleViewSchema, answers.annualCyclesExample), clusterId) },
  '/api/clusters/{clusterId}/compliance': {
    get: query('GetCompliance', 'Compliance for a year: periods without a council meeting, groups below minimum size, years without absolution, overdue tasks', 'clusters', { schema: complianceViewSchema, example: answers.complianceExample }, clusterId, readQuery.extend({ year: z.coerce.number().int().optional().describe('Default: the current year') })),
  },
  '/api/clusters/{clusterId}/annual-cycles/{year}/report-decision': { post: command('RecordReportDecision', "Record the general meeting's resolution on the annual report", yearPath) },
  '/api/clusters/{clusterId}/annual-cycles/{year}/absolution': { post: command('RecordAbsolution', 'Record absolution granted or refused for the year', yearPath) },
  '/api/clusters/{clusterId}/annual-cycles/{year}/action-plan': { post: command('RecordActionPlan', 'Record the resolution on the plan of action for the year', yearPath) },
  '/api/clusters/{clusterId}/annual-cycles/{year}/thematic-networks': {
    post: command('RecordThematicNetworksEvaluation', 'Record the evaluation of the thematic networks', yearPath),
  },
  '/api/clusters/{clusterId}/meetings': {
    post: meetingCommand('ConveneMeeting', 'Convene a meeting (council, general, extraordinary, working group, forum) with its agenda', clusterId),
    get: query('ListMeetings', "The cluster's meetings, the latest first (status, votes, open votes)", 'meetings', list(meetingSummarySchema, answers.meetingListExample), clusterId),
  },
  '/api/clusters/{clusterId}/resolutions': { get: query('GetResolutionRegister', 'The register of numbered resolutions (n/yyyy per body): closed votes and leader elections, in the order numbered', 'meetings', list(registerEntrySchema, answers.registerExample), clusterId) },
  '/api/clusters/{clusterId}/resolutions/{body}/{number}': {
    get: query('GetResolution', 'One resolution (number n-yyyy, e.g. 3-2024; body council, general_meeting, group:<id>, forum): its meeting, vote result, the charter it was judged under and the agreement version in force when it passed', 'meetings', { schema: resolutionViewSchema, example: answers.resolutionExample }, { clusterId: idSchema, body: idSchema, number: z.string().describe('n-yyyy') }),
  },
  '/api/clusters/{clusterId}/recorded-acts': {
    get: query('GetClusterRecordedActs', "The acts recorded after the fact on the cluster's record and its meetings': occurredAt, recordedAt, recordedBy, reference", 'clusters', list(recordedActSchema, recordedActsExample), clusterId),
  },
  '/api/meetings/{meetingId}/recorded-acts': { get: query('GetMeetingRecordedActs', "The acts recorded after the fact on the meeting's record: occurredAt, recordedAt, recordedBy, reference", 'meetings', list(recordedActSchema, recordedActsExample), meetingPath) },
  '/api/meetings/{meetingId}': { get: travellingQuery('GetMeeting', 'A meeting: agenda, attendance, proxies, votes (secret: counts only), minutes (now, or asOf / atPosition)', 'meetings', { schema: meetingViewSchema, example: answers.meetingExample }, meetingPath) },
  '/api/meetings/{meetingId}/agenda': { post: meetingCommand('AddAgendaItem', 'Add an agenda item', meetingPath) },
  '/api/meetings/{meetingId}/opening': { post: meetingCommand('OpenMeeting', 'Open the meeting', meetingPath) },
  '/api/meetings/{meetingId}/attendance': { post: meetingCommand('RecordAttendance', 'Record a member present (in person, online) or leaving', meetingPath) },
  '/api/meetings/{meetingId}/proxies': { post: meetingCommand('RegisterProxy', "Register a present voting member's written proxy for another (where the charter allows)", meetingPath) },
  '/api/meetings/{meetingId}/proxies/{grantorMemberId}/revocation': { post: meetingCommand('RevokeProxy', 'Revoke a proxy', { ...meetingPath, grantorMemberId: idSchema }) },
  '/api/meetings/{meetingId}/votes': { post: meetingCommand('OpenVote', 'Open a vote on an agenda item (named or secret; the decision kind fixes the rule)', meetingPath) },
  '/api/meetings/{meetingId}/votes/{voteId}/ballots': { post: meetingCommand('CastBallot', 'Cast a ballot for a member (yourself, or by proxy)', votePath) },
  '/api/meetings/{meetingId}/votes/{voteId}/corrections': { post: meetingCommand('CorrectBallot', 'Correct a ballot while the vote is open', votePath) },
  '/api/meetings/{meetingId}/votes/{voteId}/closing': { post: meetingCommand('CloseVote', 'Close the vote into a numbered resolution, adopted or rejected', votePath) },
  '/api/meetings/{meetingId}/votes/{voteId}/counts': {
    post: meetingCommand('RecordVoteCounts', 'Record a vote from its minutes by its counts only (yes, no, abstain, present): judged under its rule, closed and numbered; no individual ballots', votePath),
  },
  '/api/meetings/{meetingId}/minutes': { post: meetingCommand('DraftMinutes', 'Draft the minutes', meetingPath) },
  '/api/meetings/{meetingId}/minutes/corrections': { post: meetingCommand('CorrectMinutes', 'Correct the minutes', meetingPath) },
  '/api/meetings/{meetingId}/minutes/approval': { post: meetingCommand('ApproveMinutes', 'Record the approval of the minutes by an adopted vote', meetingPath) },
  '/api/meetings/{meetingId}/minutes/lock': { post: meetingCommand('LockMinutes', 'Lock approved minutes', meetingPath) },
  '/api/meetings/{meetingId}/closing': { post: meetingCommand('CloseMeeting', 'Close the meeting', meetingPath) },
  '/api/meetings/{meetingId}/cancellation': { post: meetingCommand('CancelMeeting', 'Cancel a meeting not yet opened', meetingPath) },
  '/api/clusters/{clusterId}/groups': {
    post: groupCommand('RequestGroup', 'Request a working group (by members, or by council resolution)', clusterId),
    get: query('ListClusterGroups', "The cluster's working groups: status, size, open and overdue tasks", 'groups', list(groupSummarySchema, answers.groupListExample), clusterId),
  },
  '/api/groups/{groupId}': { get: travellingQuery('GetGroup', 'A working group: members, leader, conditions, tasks (overdue flagged; now, or asOf / atPosition)', 'groups', { schema: groupViewSchema, example: answers.groupExample }, groupPath) },
  '/api/groups/{groupId}/members': { post: groupCommand('JoinGroup', 'Join a group (an active cluster member)', groupPath) },
  '/api/groups/{groupId}/members/{memberId}/leave': { post: groupCommand('LeaveGroup', 'Leave a group', { ...groupPath, memberId: idSchema }) },
  '/api/groups/{groupId}/conditions': { post: groupCommand('SetMembershipConditions', "Set the group's conditions of membership", groupPath) },
  '/api/groups/{groupId}/leader': { post: groupCommand('AppointGroupLeader', "Appoint the group's leader (a group member's representative)", groupPath) },
  '/api/groups/{groupId}/tasks': { post: groupCommand('AddTask', 'Add a task with a responsible member and a deadline (active groups)', groupPath) },
  '/api/groups/{groupId}/tasks/{taskId}/completion': { post: groupCommand('CompleteTask', 'Complete a task', taskPath) },
  '/api/groups/{groupId}/tasks/{taskId}/reassignment': { post: groupCommand('ReassignTask', 'Reassign a task (and optionally move its deadline)', taskPath) },
  '/api/groups/{groupId}/dissolution': { post: groupCommand('DissolveGroup', 'Dissolve the group', groupPath) },
  '/api/clusters/{clusterId}/elections': {
    post: electionCommand('CallElection', 'Call a leader election at a general meeting (the coordinator; any voting member once it withdrew)', clusterId),
    get: query('ListElections', "The cluster's leader elections, the latest called first (each as GET /api/elections/{id} shows it)", 'elections', list(electionViewSchema, [answers.electionExample]), clusterId),
  },
  '/api/elections/{electionId}': { get: query('GetElection', 'An election: candidates, rounds with ballots and counts, result and its resolution number', 'elections', { schema: electionViewSchema, example: answers.electionExample }, electionPath) },
  '/api/elections/{electionId}/candidates': { post: electionCommand('NominateCandidate', 'Nominate an ordinary member (a voting member’s representative)', electionPath) },
  '/api/elections/{electionId}/candidates/{memberId}/acceptance': { post: electionCommand('AcceptNomination', 'Accept a nomination (the candidate’s representative)', candidatePath) },
  '/api/elections/{electionId}/candidates/{memberId}/withdrawal': { post: electionCommand('WithdrawCandidacy', 'Withdraw a candidacy (the candidate’s representative)', candidatePath) },
  '/api/elections/{electionId}/rounds': { post: electionCommand('OpenRound', 'Open the first round, or repeat a round that had no quorum', electionPath) },
  '/api/elections/{electionId}/ballots': { post: electionCommand('CastElectionBallot', 'Vote for a candidate of the current round, or abstain (null), for a present member you represent', electionPath) },
  '/api/elections/{electionId}/rounds/current/closing': { post: electionCommand('CloseRound', 'Close the round: elected, runoff between the top two, inconclusive, or no quorum', electionPath) },
  '/api/imports': {
    post: {
      operationId: 'ImportActs',
      summary: "Import a cluster's past from a file of acts (JSON Lines, one command a line as its endpoint takes it, each with occurredAt and reference; one line's JSON Schema: /api/docs/import.schema.json). A dry run checks the whole file against the domain and writes nothing; the real run records the acts the dry run lists, in order, once (running the file again writes nothing new). Refused at a line: the status and code the API would answer for that act, and the line",
      tags: ['imports'],
      requestParams: { query: z.object({ dryRun: z.enum(['true', 'false']).optional().describe('true: report what would be recorded (or the first act refused) and write nothing') }) },
      requestBody: { content: { 'application/x-ndjson': { schema: z.string().describe('JSON Lines: one act a line, in the order they occurred'), example: importContract.importFileExample } } },
      responses: {
        '200': { description: 'The report: what a dry run would record, or what the real run recorded (nothing, when every act was recorded already)', content: { 'application/json': { schema: importContract.importReportSchema, example: importContract.importReportExample } } },
        ...errorResponses,
        ...Object.fromEntries(
          (['400', '403', '404', '409', '422'] as const).map((status) => [
            status,
            {
              description: `${errors[status]}; for an import, the line refused and the report${status === '409' ? ' (or import_in_progress: another import is running)' : ''}`,
              content: { 'application/json': { schema: importContract.importRefusalBodySchema, example: { ...importContract.importRefusalExample, statusCode: Number(status), ...(status === '422' ? {} : { code: answers.errorExamples[status].code, error: answers.errorExamples[status].error, message: answers.errorExamples[status].message }) } } },
            },
          ]),
        ),
      },
    },
  },
  '/api/me/inbox': { get: query('GetInbox', 'Your open votes (for members you represent, or by proxy) and your members’ open tasks, across your clusters', 'people', { schema: inboxViewSchema, example: answers.inboxExample }) },
  '/api/people/me': {
    put: {
      operationId: 'UpdateMyDetails',
      summary: 'Your name and contact details (kept outside the log)',
      tags: ['people'],
      requestBody: { content: { 'application/json': { schema: personDetailsBody, example: { displayName: 'Jan Kowalski', email: 'jan@solar.example' } } } },
      responses: { '200': { description: 'Saved: your details as others see them', content: { 'application/json': { schema: personViewSchema, example: answers.personExample } } }, ...errorResponsesOf(['400', '401', '413', '415', '429']) },
    },
  },
  '/api/people/{personId}': {
    get: query('GetPerson', 'Details of a person who shares a cluster with you', 'people', { schema: personViewSchema, example: answers.personExample }, { personId: idSchema }),
    delete: {
      operationId: 'ErasePerson',
      summary: 'Erase your details (the log keeps only your id)',
      tags: ['people'],
      requestParams: { path: z.object({ personId: idSchema }) },
      responses: { '204': { description: 'Erased' }, ...errorResponsesOf(['400', '401', '403', '404', '429']) },
    },
  },
  ...auditPaths,
  ...identityPaths,
};

export function openApiDocument() {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Klaster',
      version: '0.1.0',
      description:
        'Governance ledger for cooperation clusters. Every command is recorded as immutable events. Send `Authorization: Bearer <jwt>` (`sub` = your person id). Revisions and positions are decimal strings.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ bearer: [] }],
    paths: apiPaths,
  });
}
