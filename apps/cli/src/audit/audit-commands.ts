import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { Command } from 'commander';
import type { EventStore } from '@klaster/event-store';
import { ReadModelStore, ReadModelsInUse } from '@klaster/projections';
import {
  auditLog,
  checkInclusionProof,
  compareReadModels,
  findingText,
  reasonText,
  publicKeyFromPem,
  replayCluster,
  verifyExport,
  type AuditFinding,
} from '@klaster/audit';
import { printSnapshot } from './print-snapshot';
import { language, say } from '../messages/cli-messages';
import { inUseText } from '../messages/in-use';

interface LogAccess {
  dataDir(): string;
  /** Opens the log the server uses (EventStoreDB when configured, else $DATA_DIR/events.sqlite); undefined with a message when there is none. */
  openLog(): Promise<{ store: EventStore; label: string } | undefined>;
}

const fail = (message: string) => {
  console.error(message);
  process.exitCode = 1;
};

/**
 * The auditor's commands (`npm run cli -- audit …`): verify the log or an export, check an inclusion
 * proof offline, print a cluster as it was, compare the read models with the log.
 */
export function registerAuditCommands(program: Command, access: LogAccess): void {
  const audit = program.command('audit').description('Auditors’ tools: verify the record, check proofs, replay a cluster’s past, compare read models with the log');

  /** The seal key to check signatures with: --public-key, else the server's own key in the data folder. */
  const publicKeyFrom = (given?: string): { key?: KeyObject; from?: string } => {
    const path = given ? resolve(given) : resolve(access.dataDir(), 'seal-key.pem');
    if (!existsSync(path)) {
      if (given) throw new Error(say('audit.noKeyFile', { path }));
      return {};
    }
    return { key: publicKeyFromPem(readFileSync(path, 'utf8')), from: path };
  };

  audit
    .command('verify')
    .description(
      'Walk the whole log (either store): every event’s hash and link, the order of each stream, and every seal (its root, the seal before it, ' +
        'its signature, each stream head it committed to). Exit 1 naming the first broken event and what broke: changed, missing, reordered, truncated, bad signature. ' +
        'With --file, check an export (JSON Lines) offline instead.',
    )
    .option('--cluster <id>', 'only this cluster’s streams')
    .option('--public-key <file>', 'the server’s seal public key (PEM, from /.well-known/klaster-seal-key); default: $DATA_DIR/seal-key.pem when present')
    .option('--expect <export.jsonl>', 'an export kept earlier: the log must still hold the seal it ends with (a log cut short before it fails)')
    .option('--file <export.jsonl>', 'check this export file instead of the log')
    .action(async (options: { cluster?: string; publicKey?: string; expect?: string; file?: string }) => {
      let key: ReturnType<typeof publicKeyFrom>;
      try {
        key = publicKeyFrom(options.publicKey);
      } catch (error) {
        return fail((error as Error).message);
      }
      if (options.file) {
        if (!existsSync(options.file)) return fail(say('audit.noExport', { path: options.file }));
        const check = await verifyExport(createInterface({ input: createReadStream(options.file), crlfDelay: Infinity }), { publicKey: key.key });
        const seal = check.seal ? { sealed: 'yes', sequence: check.seal.sequence, root: check.seal.root } : { sealed: 'no' };
        console.log(say('audit.exportChecked', { events: check.eventsChecked, complete: check.complete ? 'yes' : 'no', ...seal }));
        console.log(check.signatureChecked ? say('audit.signatureChecked', { path: key.from ?? '' }) : key.key ? say('audit.noSealToCheck') : say('audit.signatureNotChecked'));
        return conclude(check.problems);
      }
      const expectSeals = options.expect ? [await keptSeal(options.expect)] : [];
      const opened = await access.openLog();
      if (!opened) return;
      try {
        console.log(say('audit.verifying', { log: opened.label, cluster: options.cluster ?? 'none' }));
        const report = await auditLog(opened.store, {
          clusterId: options.cluster,
          publicKey: key.key,
          expectSeals,
          progressEvery: 100_000,
          onProgress: (p) => console.error(say('audit.progress', { events: p.eventsChecked, position: String(p.position), target: String(p.target) })),
        });
        console.log(
          say('audit.logChecked', { events: report.eventsChecked, streams: report.streamsChecked, seals: report.sealsChecked, signatures: report.signaturesChecked }),
        );
        if (!key.key) console.log(say('audit.signaturesNotChecked'));
        conclude(report.problems);
      } finally {
        await opened.store.close();
      }
    });

  audit
    .command('check-proof')
    .description('Check an inclusion proof offline (from GET /api/clusters/{id}/audit/proof): needs nothing but the proof, the event and the public key.')
    .argument('<proof.json>', 'the proof')
    .option('--event <event.json>', 'the event, e.g. a line’s "event" of an export (default: the proof’s own)')
    .requiredOption('--public-key <file>', 'the server’s seal public key (PEM)')
    .action((proofFile: string, options: { event?: string; publicKey: string }) => {
      let proof: unknown;
      let event: unknown;
      let key: KeyObject;
      try {
        proof = JSON.parse(readFileSync(proofFile, 'utf8'));
        if (options.event) {
          const given = JSON.parse(readFileSync(options.event, 'utf8'));
          event = given?.kind === 'event' ? given.event : given;
        }
        key = publicKeyFromPem(readFileSync(options.publicKey, 'utf8'));
      } catch (error) {
        return fail(say('proof.unreadable', { error: (error as Error).message }));
      }
      const check = checkInclusionProof(proof, { event, publicKey: key });
      if (check.event) console.log(say('proof.event', { type: check.event.type, stream: check.event.streamId, revision: check.event.revision, id: check.event.id, hash: check.event.hash }));
      if (check.seal) {
        // Offline there is no cluster to take a time zone from: the seal's instant as written (English), or in UTC.
        const { sequence, clusterId: cluster, sealedAt, root, throughPosition: position } = check.seal;
        console.log(say('proof.seal', { sequence, cluster, sealedAt, sealedAtDate: new Date(sealedAt), root, position }));
      }
      if (check.ok) {
        console.log(say('proof.holds'));
        return;
      }
      for (const reason of check.reasons) console.log(say('proof.broken', { problem: reasonText(reason, language()) }));
      process.exitCode = 1;
    });

  audit
    .command('replay')
    .description('Print a cluster as it was at a point — members and their status, leader, bodies, charter and agreement versions, open groups — folded from the log alone.')
    .requiredOption('--cluster <id>', 'the cluster')
    .requiredOption('--as-of <date|position>', 'a day (YYYY-MM-DD: the acts that had occurred by its end, in the cluster’s time zone) or a log position')
    .option('--json', 'print JSON')
    .action(async (options: { cluster: string; asOf: string; json?: boolean }) => {
      const point = /^\d{4}-\d{2}-\d{2}$/.test(options.asOf) ? { asOf: options.asOf } : /^\d+$/.test(options.asOf) ? { position: BigInt(options.asOf) } : undefined;
      if (!point) return fail(say('replay.badPoint'));
      const opened = await access.openLog();
      if (!opened) return;
      try {
        const snapshot = await replayCluster(opened.store, options.cluster, point);
        if (!snapshot) return fail(say('replay.notFounded', { cluster: options.cluster, asOf: options.asOf, log: opened.label }));
        if (options.json) console.log(JSON.stringify(snapshot, null, 2));
        else printSnapshot(snapshot, language());
      } finally {
        await opened.store.close();
      }
    });

  audit
    .command('compare')
    .description('Rebuild every read model from the log into a scratch file and compare it, document by document, with the live read models ($DATA_DIR/read-models.sqlite). Stop the server first.')
    .action(async () => {
      const path = resolve(access.dataDir(), 'read-models.sqlite');
      if (!existsSync(path)) return fail(say('compare.noReadModels', { path }));
      let live: ReadModelStore;
      try {
        live = new ReadModelStore(path, { exclusive: true, role: 'an audit compare (npm run cli -- audit compare)' });
      } catch (error) {
        if (!(error instanceof ReadModelsInUse)) throw error;
        return fail(say('compare.inUse', { inUse: inUseText(error) }));
      }
      const opened = await access.openLog();
      if (!opened) return live.close();
      try {
        console.log(say('compare.start', { log: opened.label, path }));
        const result = await compareReadModels(opened.store, live);
        console.log(say('compare.compared', { documents: result.documents, live: String(result.livePosition ?? 'none'), rebuilt: String(result.rebuiltPosition ?? 'none') }));
        for (const d of result.differences) {
          console.log(say('compare.different', { kind: d.kind, collection: d.collection, key: d.key }));
          console.log(d.patch);
        }
        if (result.differences.length === 0) console.log(say('compare.same'));
        else {
          console.log(say('compare.differ', { count: result.differences.length }));
          process.exitCode = 1;
        }
      } finally {
        live.close();
        await opened.store.close();
      }
    });
}

function conclude(problems: AuditFinding[]): void {
  if (problems.length === 0) {
    console.log(say('audit.intact'));
    return;
  }
  console.log(say('audit.firstBroken', { finding: findingText(problems[0], language()) }));
  for (const p of problems.slice(1)) console.log(say('audit.alsoBroken', { finding: findingText(p, language()) }));
  console.log(say('audit.problems', { count: problems.length }));
  process.exitCode = 1;
}

/** The seal an export ends with: what the log must still hold. */
async function keptSeal(file: string): Promise<{ clusterId: string; sequence: number; hash: string }> {
  let last = '';
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line.trim()) last = line;
  const seal = JSON.parse(last) as { kind?: string; event?: { data?: { clusterId?: string; sequence?: number }; metadata?: { hash?: string } } };
  if (seal.kind !== 'seal' || !seal.event?.data?.clusterId || !seal.event.metadata?.hash) throw new Error(say('audit.expectNoSeal', { file }));
  return { clusterId: seal.event.data.clusterId, sequence: seal.event.data.sequence!, hash: seal.event.metadata.hash };
}
