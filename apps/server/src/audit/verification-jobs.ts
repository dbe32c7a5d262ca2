import { auditLog, describeFinding, type AuditFinding } from '@klaster/audit';
import type { EventStore } from '@klaster/event-store';
import type { SealKeeper } from './seal-keeper';

export interface VerificationView {
  state: 'running' | 'done' | 'failed';
  startedAt: string;
  finishedAt?: string;
  eventsChecked: number;
  position: string;
  target: string;
  percent: number;
  result?: { ok: boolean; sealsChecked: number; signaturesChecked: number; streamsChecked: number; firstProblem?: FindingView; problems: FindingView[] };
  error?: string;
}

type FindingView = Omit<AuditFinding, 'revision' | 'position' | 'seal' | 'reason'> & { revision?: string; position?: string; seal?: { clusterId: string; sequence: number; position: string }; text: string };

// The reason's message key stays inside: the API answers the English detail and text, as it always has.
const view = (finding: AuditFinding): FindingView => {
  const { reason: _reason, ...f } = finding;
  return {
    ...f,
    revision: f.revision?.toString(),
    position: f.position?.toString(),
    seal: f.seal && { ...f.seal, position: f.seal.position.toString() },
    text: describeFinding(finding),
  };
};

/** One verification of a cluster's record at a time per server, its progress kept for whoever asks. */
export class VerificationJobs {
  private readonly jobs = new Map<string, VerificationView>();

  constructor(
    private readonly store: EventStore,
    private readonly seals: SealKeeper,
  ) {}

  get(clusterId: string): VerificationView | undefined {
    return this.jobs.get(clusterId);
  }

  /** Starts a verification of the cluster's streams and seals, unless one is under way (which is returned). */
  start(clusterId: string): { job: VerificationView; started: boolean } {
    const running = this.jobs.get(clusterId);
    if (running?.state === 'running') return { job: running, started: false };
    const job: VerificationView = { state: 'running', startedAt: new Date().toISOString(), eventsChecked: 0, position: '0', target: '0', percent: 0 };
    this.jobs.set(clusterId, job);
    void auditLog(this.store, {
      clusterId,
      publicKey: this.seals.key?.publicKey,
      progressEvery: 1_000,
      onProgress: (p) => {
        job.eventsChecked = p.eventsChecked;
        job.position = p.position.toString();
        job.target = p.target.toString();
        job.percent = p.target > 0n ? Math.min(100, Math.floor(Number((p.position * 100n) / p.target))) : 100;
      },
    }).then(
      (report) => {
        Object.assign(job, {
          state: 'done',
          finishedAt: new Date().toISOString(),
          eventsChecked: report.eventsChecked,
          target: report.target.toString(),
          percent: 100,
          result: {
            ok: report.ok,
            sealsChecked: report.sealsChecked,
            signaturesChecked: report.signaturesChecked,
            streamsChecked: report.streamsChecked,
            ...(report.problems[0] ? { firstProblem: view(report.problems[0]) } : {}),
            problems: report.problems.slice(0, 100).map(view),
          },
        });
      },
      (error: Error) => Object.assign(job, { state: 'failed', finishedAt: new Date().toISOString(), error: error.message }),
    );
    return { job, started: true };
  }
}
