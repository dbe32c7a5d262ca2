import type { ApiErrorBody, CommandResponseBody } from './api-types';
import { occurrenceFor } from './recording';
import { forget, getSession, refreshSession } from './session';

/** A refused request: the status, the server's stable `code` when it sends one, and its message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Partial<ApiErrorBody>,
  ) {
    super(body.message ?? `HTTP ${status}`);
  }
  /** The key to translate: the server's `code`, else its error kind (e.g. `rule_broken`). */
  get code(): string | undefined {
    return this.body.code ?? this.body.error;
  }
}

/**
 * The highest position a command of this page wrote. Later reads pass it (`?position=`), so the
 * server answers once its read models reflect our own write (read your own write).
 */
let lastWritten: bigint | undefined;

export type Query = Record<string, string | number | undefined>;

/** A path segment from an id exactly as the API returned it (ids may gain a cluster qualifier). */
export const seg = (id: string) => encodeURIComponent(id);

function url(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const hasTravel = 'asOf' in query || 'atPosition' in query;
  if (lastWritten !== undefined && !hasTravel) params.set('position', lastWritten.toString());
  const qs = params.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

/**
 * One request with the signed-in person's access token. Both ways of signing in carry it the same
 * way — `Authorization: Bearer` (a pasted or demo token, or a sign-in session's in-memory access
 * token; the session cookie only refreshes it) — so a plain link cannot download: files come
 * through here too (see apiDownload). On a 401 a sign-in session refreshes once and retries.
 */
async function send(method: string, path: string, init: { query?: Query; body?: unknown; headers?: Record<string, string> }, retried: boolean): Promise<Response> {
  const session = getSession();
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (session) headers.authorization = `Bearer ${session.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url(path, init.query), { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  if (response.status === 401 && session) {
    // A sign-in session's access token may just have expired: refresh once and try again.
    if (session.kind === 'cookie' && !retried && (await refreshSession())) return send(method, path, init, true);
    // A token the server no longer accepts: back to sign-in (the page cannot do anything without one).
    forget();
  }
  return response;
}

/** An answer's body: JSON when it parses, else its text as a message (a proxy's HTML error page). */
async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return { message: text };
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  return new ApiError(response.status, ((await bodyOf(response)) ?? {}) as Partial<ApiErrorBody>);
}

async function request<T>(method: string, path: string, init: { query?: Query; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ body: T; etag: string | null }> {
  const response = await send(method, path, init, false);
  if (!response.ok) throw await errorOf(response);
  return { body: (await bodyOf(response)) as T, etag: response.headers.get('etag') };
}

/** A file the server sends (an export, a PDF): its bytes, type and the name the server gives it. */
export interface Downloaded {
  blob: Blob;
  contentType: string;
  filename: string | undefined;
}

/** GET a file with the person's token (a refusal is an ApiError, translated like any other). */
export async function apiFile(path: string, query?: Query): Promise<Downloaded> {
  const response = await send('GET', path, { query, headers: { accept: '*/*' } }, false);
  if (!response.ok) throw await errorOf(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  return { blob: await response.blob(), contentType: response.headers.get('content-type') ?? '', filename: /filename="([^"]+)"/.exec(disposition)?.[1] };
}

/** Saves a file the server sends as the browser's download, under the server's file name. */
export async function apiDownload(path: string, query: Query | undefined, fallbackName: string): Promise<Downloaded> {
  const file = await apiFile(path, query);
  const href = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = file.filename ?? fallbackName;
  document.body.append(a);
  a.click();
  a.remove();
  // The browser reads the bytes once the download starts; the URL is released a while after.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return file;
}

export async function apiGet<T>(path: string, query?: Query): Promise<T> {
  return (await request<T>('GET', path, { query })).body;
}

export interface CommandOptions {
  /** `W/"<revision>"` of what the person saw: the server answers 412 if it changed meanwhile. */
  ifMatch?: string;
}

/**
 * A command. Each attempt carries its own Idempotency-Key, so if the answer is lost and the person
 * presses again, the server recognises the retry instead of recording the act twice. While the
 * coordinator or a registrar records the past (lib/recording), the act carries its day and document.
 */
export async function apiCommand(path: string, body: object = {}, options: CommandOptions = {}): Promise<CommandResponseBody> {
  const headers: Record<string, string> = { 'idempotency-key': crypto.randomUUID() };
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  const occurrence = occurrenceFor(path);
  const { body: answer } = await request<CommandResponseBody>('POST', path, { body: occurrence ? { ...body, ...occurrence } : body, headers });
  const position = BigInt(answer.position);
  if (lastWritten === undefined || position > lastWritten) lastWritten = position;
  return answer;
}

/** The weak ETag of a revision, for `If-Match`. */
export const etagOf = (revision: string | null | undefined) => (revision ? `W/"${revision}"` : undefined);

/** Unauthenticated calls of demo mode (the picker). */
export async function publicGet<T>(path: string): Promise<T | undefined> {
  const response = await fetch(`/api${path}`, { headers: { accept: 'application/json' } });
  if (!response.ok) return undefined;
  return (await response.json()) as T;
}

export async function publicPost<T>(path: string, body: unknown = {}): Promise<T> {
  const response = await fetch(`/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const parsed = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, parsed as Partial<ApiErrorBody>);
  return parsed as T;
}

/** A POST that is no command (sign-in, devices): the signed-in person's token if any, the server's error as an ApiError. */
export async function apiPost<T>(path: string, body: unknown = {}): Promise<T> {
  return (await request<T>('POST', path, { body })).body;
}

export async function apiPut<T>(path: string, body: unknown): Promise<T> {
  return (await request<T>('PUT', path, { body })).body;
}

export async function apiDelete(path: string): Promise<void> {
  await request<unknown>('DELETE', path);
}

/** Remember a command's position written outside apiCommand (e.g. accepting an invitation), so reads show it. */
export function wrote(position: string): void {
  const p = BigInt(position);
  if (lastWritten === undefined || p > lastWritten) lastWritten = p;
}
