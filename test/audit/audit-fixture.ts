import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { TestServer } from '../support/test-server';
import { apiContract } from '../support/api-contract';
import { foundSmallCluster, openMeeting, personOf } from '../support/small-cluster';

/**
 * A cluster `kl` with an auditor `aud` and a meeting: a named vote (m1, m2 yes, m3 no) numbered as a
 * resolution, a secret vote, and minutes drafted, approved by vote and locked. p2 has named themself.
 */
export async function auditedCluster(server: TestServer): Promise<{ meetingId: string; year: number }> {
  await foundSmallCluster(server, 'kl', { members: 4 });
  await ok(server.call('POST', '/api/clusters/kl/auditors', { as: 'p1', body: { personId: 'aud' } }));
  await ok(server.call('PUT', '/api/people/me', { as: 'p2', body: { displayName: 'Łucja Żółkiewska-Ślęzak' } }));
  await ok(server.call('PUT', '/api/people/me', { as: 'p1', body: { displayName: 'Ewa Koordynatorka' } }));
  const meetingId = await openMeeting(server, 'kl', 'rada-1', 'council', ['m1', 'm2', 'm3']);
  const m = `/api/meetings/${meetingId}`;
  const vote = async (voteId: string, body: object, ballots: [string, string][]) => {
    await ok(server.call('POST', `${m}/votes`, { as: 'p1', body: { voteId, agendaItemId: 'a1', motion: `Uchwała w sprawie źródeł finansowania ${voteId}`, ...body } }));
    for (const [member, choice] of ballots) await ok(server.call('POST', `${m}/votes/${voteId}/ballots`, { as: personOf(member), body: { memberId: member, choice } }));
    return ok(server.call('POST', `${m}/votes/${voteId}/closing`, { as: 'p1', body: {} }));
  };
  const closed = await vote('v1', {}, [['m1', 'yes'], ['m2', 'yes'], ['m3', 'no']]);
  await vote('v2', { secrecy: 'secret' }, [['m1', 'yes'], ['m2', 'no'], ['m3', 'yes']]);
  await ok(server.call('POST', `${m}/minutes`, { as: 'p1', body: { text: 'Protokół: zażółć gęślą jaźń.' } }));
  await vote('mp', { subject: { kind: 'minutes_approval' } }, [['m1', 'yes'], ['m2', 'yes'], ['m3', 'yes']]);
  await ok(server.call('POST', `${m}/minutes/approval`, { as: 'p1', body: { voteId: 'mp' } }));
  await ok(server.call('POST', `${m}/minutes/lock`, { as: 'p1', body: {} }));
  const year = Number(String(closed.body.consequences?.[0]?.events?.[0]?.data?.year ?? new Date().getUTCFullYear()));
  return { meetingId, year };
}

async function ok<T extends { status: number; body: any }>(call: Promise<T>): Promise<T> {
  const res = await call;
  if (res.status >= 300) throw new Error(`${res.status}: ${JSON.stringify(res.body)}`);
  return res;
}

/** Downloads a file as bytes (the test client parses JSON; PDFs and exports are not). */
export async function download(server: TestServer, path: string, as: string | null, token: (p: string) => Promise<string>) {
  const response = await fetch(`${server.url}${path}`, { headers: as ? { authorization: `Bearer ${await token(as)}` } : {} });
  const bytes = Buffer.from(await response.arrayBuffer());
  // Checked against the published document too: its status, and its media type (or its JSON error body).
  const contentType = response.headers.get('content-type');
  const body = bytes.length === 0 ? undefined : contentType && /[/+]json\b/.test(contentType) ? JSON.parse(bytes.toString()) : bytes;
  const violation = apiContract().violation('GET', path, response.status, body, contentType);
  if (violation) throw new Error(`The answer does not match the published OpenAPI document: ${violation}`);
  return { status: response.status, headers: response.headers, bytes };
}

/** The text of a PDF, as a PDF reader extracts it (pdf-parse, in a process of its own: see pdf-text.mjs), its line breaks as spaces. */
export function pdfText(bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [join(__dirname, 'pdf-text.mjs')], { maxBuffer: 64 * 2 ** 20 }, (error, stdout) => (error ? reject(error) : resolve(stdout.replace(/\s+/g, ' '))));
    child.stdin!.end(bytes);
  });
}
