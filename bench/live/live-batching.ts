/**
 * Part "batching" of `npm run bench:live`: what the tests no longer time (issue 10 moved these timing
 * figures out of the suite, where a busy machine made them flaky):
 *
 * - how many read-model transactions the live projection runner spends on a burst of events appended
 *   together (the floor is one transaction per burst: commits ÷ bursts, lower is better, target ≤ 2);
 * - how long a read-your-write wait for a position the read models never reach takes to give up,
 *   against the bound it was given (elapsed ÷ bound, target ≤ 1.5; the HTTP answer is then a 503).
 *
 * Environment: BENCH_REPEATS (bursts per size and waits, default 5), BENCH_TMPDIR.
 */
import { join } from 'node:path';
import { SqliteEventStore } from '@klaster/event-store';
import { ProjectionRunner, ReadModelStore, type Projection } from '@klaster/projections';
import { newEvents } from '../../libs/event-store/test/contract/fixtures';
import { envNumber, int, log, median, now, tempDir, type LivePart, type PartReport } from './common';

const BURSTS = [1, 10, 200, 1_000];
const COMMITS_PER_BURST_TARGET = 2;
const WAIT_RATIO_TARGET = 1.5;
const WAIT_BOUND_MS = 300;

const counting: Projection<{ n: number }> = { collection: 'counts', keyOf: () => 'all', apply: (doc) => ({ n: (doc?.n ?? 0) + 1 }), clusterIdOf: () => null };

export const batchingPart: LivePart = {
  key: 'batching',
  title: 'Live runner: transactions per burst, and the read-your-write bound',
  async run(): Promise<PartReport> {
    const repeats = envNumber('BENCH_REPEATS', 5);
    const dir = tempDir('batching');
    const store = SqliteEventStore.open({ path: join(dir.path, 'events.sqlite') });
    const models = new ReadModelStore(join(dir.path, 'read-models.sqlite'));
    let commits = 0;
    const commit = models.commit.bind(models);
    models.commit = (name, position, writes) => {
      commits++;
      commit(name, position, writes);
    };
    const runner = new ProjectionRunner(store, models, [counting]);
    try {
      runner.start();
      await runner.caughtUp(10_000);
      const rows: string[] = ['| events per burst | bursts | read-model commits per burst (median) | append → applied, ms (median) |', '|---:|---:|---:|---:|'];
      let worst = 0;
      let stream = 0;
      for (const size of BURSTS) {
        const perBurst: number[] = [];
        const latency: number[] = [];
        for (let r = 0; r < repeats; r++) {
          const before = commits;
          const started = now();
          const { position } = await store.append(`burst-${stream++}`, newEvents(size), { expectedRevision: 'no_stream' });
          if (!(await runner.waitFor(position, 30_000))) throw new Error(`the runner did not reach ${position}`);
          latency.push(now() - started);
          perBurst.push(commits - before);
        }
        worst = Math.max(worst, median(perBurst));
        rows.push(`| ${int(size)} | ${repeats} | ${median(perBurst)} | ${median(latency).toFixed(1)} |`);
        log(`  burst of ${size}: ${median(perBurst)} commits, ${median(latency).toFixed(1)} ms`);
      }

      const waits: number[] = [];
      for (let r = 0; r < repeats; r++) {
        const started = now();
        const reached = await runner.waitFor(runner.position + 1_000_000n, WAIT_BOUND_MS);
        if (reached) throw new Error('a position nobody wrote was reached');
        waits.push((now() - started) / WAIT_BOUND_MS);
      }
      const waitRatio = median(waits);
      log(`  read-your-write wait gives up after ${waitRatio.toFixed(2)} × its bound`);
      return {
        markdown: [
          ...rows,
          '',
          `- Commits per burst, worst size: **${worst}** (floor 1, target ≤ ${COMMITS_PER_BURST_TARGET}).`,
          `- A read-your-write wait for a position never reached gives up after **${waitRatio.toFixed(2)} ×** its ${WAIT_BOUND_MS} ms bound (median of ${repeats}; target ≤ ${WAIT_RATIO_TARGET}).`,
        ],
        targetsMet: worst <= COMMITS_PER_BURST_TARGET && waitRatio <= WAIT_RATIO_TARGET,
      };
    } finally {
      await runner.stop();
      await store.close();
      models.close();
      dir.dispose();
    }
  },
};
