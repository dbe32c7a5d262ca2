/**
 * The scale benchmark's plot: Chart.js (from node_modules, nothing downloaded) drawn in Debian's
 * Chromium through playwright-core (as the web tests run it), saved as a PNG. Two panels: start-up
 * and resident memory, and the p99 latencies, both against the log's size (log scale).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface GrowthPoint {
  events: number;
  startSeconds: number;
  rssAfterStart: number;
  rssAfterReads: number;
  clusterReadP99: number;
  commandP99: number;
  asOfP99: number;
}

export async function plotGrowth(path: string, points: GrowthPoint[]): Promise<void> {
  const chartJs = readFileSync(join(require.resolve('chart.js'), '..', 'chart.umd.js'), 'utf8');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 480 }, deviceScaleFactor: 1 });
    await page.setContent('<html><body style="margin:0;background:#fff"><div style="display:flex"><canvas id="a" width="600" height="480"></canvas><canvas id="b" width="600" height="480"></canvas></div></body></html>');
    await page.addScriptTag({ content: chartJs });
    await page.evaluate((pts) => {
      const g = globalThis as unknown as { Chart: any; document: { getElementById(id: string): unknown } };
      const Chart = g.Chart;
      const xs = pts.map((p) => p.events);
      const series = (label: string, values: number[], color: string, axis = 'y') => ({ label, data: xs.map((x, i) => ({ x, y: values[i] })), borderColor: color, backgroundColor: color, yAxisID: axis, tension: 0 });
      const common = (title: string, yTitle: string, extra: Record<string, unknown> = {}) => ({
        animation: false,
        responsive: false,
        plugins: { title: { display: true, text: title, font: { size: 16 } }, legend: { position: 'bottom' } },
        scales: { x: { type: 'logarithmic', title: { display: true, text: 'events in the log' } }, y: { beginAtZero: true, title: { display: true, text: yTitle } }, ...extra },
      });
      new Chart(g.document.getElementById('a'), {
        type: 'line',
        data: {
          datasets: [
            series('RSS after start (MiB)', pts.map((p) => p.rssAfterStart), '#1f77b4'),
            series('RSS after reading every cluster (MiB)', pts.map((p) => p.rssAfterReads), '#17becf'),
            series('start-up (s, right axis)', pts.map((p) => p.startSeconds), '#d62728', 'y2'),
          ],
        },
        options: common('Start-up and memory', 'MiB', { y2: { position: 'right', beginAtZero: true, title: { display: true, text: 's' }, grid: { drawOnChartArea: false } } }),
      });
      new Chart(g.document.getElementById('b'), {
        type: 'line',
        data: {
          datasets: [
            series('p99 read of a cluster', pts.map((p) => p.clusterReadP99), '#2ca02c'),
            series('p99 command, 10,000-event cluster', pts.map((p) => p.commandP99), '#ff7f0e'),
            series('p99 asOf read, 10,000-event cluster', pts.map((p) => p.asOfP99), '#9467bd'),
          ],
        },
        options: common('p99 latency', 'ms'),
      });
    }, points);
    await page.screenshot({ path, fullPage: true });
  } finally {
    await browser.close();
  }
}
