import { useSyncExternalStore } from 'react';

/**
 * Recording the past: the coordinator or a registrar enters acts that happened on paper. While a
 * recording is on, every command the page sends about that cluster carries the day the act occurred
 * (`occurredAt`, noon in the cluster's zone) and the document it is entered from (`reference`), so the
 * page's usual forms and buttons (admit, convene, open, attendance, votes, ballots, close, signatures)
 * record acts of that day. Who acted then is left to the server: the member's representative of that
 * day, else the coordinator of that day. Kept for the browser tab (sessionStorage): entering a
 * meeting's minutes takes many screens.
 */
export interface Recording {
  clusterId: string;
  /** YYYY-MM-DD: the day the acts occurred. */
  occurredOn: string;
  /** The document, e.g. "protokół nr 3/2016" (optional). */
  reference: string;
}

const KEY = 'klaster.recording';
const listeners = new Set<() => void>();
let current: Recording | null = read();

function read(): Recording | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Recording) : null;
  } catch {
    return null;
  }
}

function set(next: Recording | null): void {
  current = next;
  try {
    if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage refused (private mode): the recording lasts until the page is left.
  }
  listeners.forEach((l) => l());
}

export const startRecording = (recording: Recording) => set({ ...recording, reference: recording.reference.trim() });
export const stopRecording = () => set(null);

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The recording under way (of any cluster, or of this one when a cluster is given). */
export function useRecording(clusterId?: string): Recording | null {
  const recording = useSyncExternalStore(subscribe, () => current);
  return recording && (clusterId === undefined || recording.clusterId === clusterId) ? recording : null;
}

/**
 * The cluster a command's path addresses: `/clusters/{id}/…`, or a meeting, group or election, whose
 * ids are qualified by their cluster (`/meetings/wm-kes.rada-1/…`).
 */
export function clusterOfPath(path: string): string | undefined {
  const [, kind, encoded] = path.split('/');
  if (!encoded) return undefined;
  const id = decodeURIComponent(encoded);
  if (kind === 'clusters') return id;
  if (kind === 'meetings' || kind === 'groups' || kind === 'elections') return id.includes('.') ? id.slice(0, id.indexOf('.')) : undefined;
  return undefined;
}

/** Commands that are never acts of the past: invitations (sign-in) and the cluster's time zone, a setting of today. */
const NOT_RECORDED = /\/(invitations|time-zone)(\/|$)/;

/** What a command on this path adds while a recording of its cluster is on. */
export function occurrenceFor(path: string): { occurredAt: string; reference?: string } | undefined {
  if (!current || NOT_RECORDED.test(path)) return undefined;
  if (clusterOfPath(path) !== current.clusterId) return undefined;
  return { occurredAt: current.occurredOn, ...(current.reference ? { reference: current.reference } : {}) };
}
