import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { ReadModelsInUse } from '@klaster/projections/store/read-models-lock';
import { AppModule } from '../app.module';
import { loadConfigOrExit, type AppConfig } from '../config/app-config';
import { createLogger } from '../logging/request-logging';
import { ImportRunner, type ImportReport } from './import-runner';

export interface ImportCliOptions {
  as: string;
  dryRun?: boolean;
  /** Print each act as it is recorded. */
  verbose?: boolean;
  /** Print the whole report as JSON on stdout. */
  json?: boolean;
}

/**
 * An application context of the server on the data folder, held by this process alone: refused (with
 * what to do instead) while a server has the folder open, since two processes would each run their
 * own reactor and projections on it.
 */
export async function holdDataFolder(config: AppConfig): Promise<INestApplicationContext | undefined> {
  try {
    const role = 'an import (npm run cli -- import)';
    return await NestFactory.createApplicationContext(AppModule.forConfig({ ...config, processRole: role }, { log: createLogger('warn', process.stderr) }), {
      logger: ['error', 'warn'],
      // Throw instead of ending the process, so a folder in use is told apart from other failures.
      abortOnError: false,
    });
  } catch (error) {
    if (!(error instanceof ReadModelsInUse)) throw error;
    console.error(`The data folder ${config.dataDir} is in use by a running Klaster server (${error.message}).`);
    return undefined;
  }
}

/** `npm run cli -- import <file> --as <personId>`: the exit code (0 recorded or checked, 1 refused or not run). */
export async function importFromCli(file: string, options: ImportCliOptions): Promise<number> {
  const text = readFileSync(file, 'utf8');
  const config = loadConfigOrExit(process.env);
  const app = await holdDataFolder(config);
  if (!app) {
    console.error('Stop it and run the import again, or send the file to the server as the coordinator or a registrar:');
    console.error(`  curl -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/x-ndjson' --data-binary @${file} 'http://localhost:${config.port}/api/imports${options.dryRun ? '?dryRun=true' : ''}'`);
    return 1;
  }
  try {
    const started = Date.now();
    let shown = 0;
    const report = await app.get(ImportRunner).run(text, {
      actor: options.as,
      dryRun: options.dryRun ?? false,
      onProgress: ({ done, total, act }) => {
        if (options.verbose) console.error(`  line ${act.line}: ${act.type} → ${act.streamId} (${act.events.join(', ')})`);
        // On a long file, a line of progress every two seconds.
        else if (Date.now() - shown >= 2_000 || done === total) {
          shown = Date.now();
          console.error(`  ${done}/${total} acts recorded (${Math.floor((100 * done) / total)}%), line ${act.line}, ${Math.round(done / Math.max((Date.now() - started) / 1000, 0.001))} acts/s`);
        }
      },
    });
    if (options.json) console.log(JSON.stringify(report, null, 2));
    else console.log(summary(report, file));
    return report.refused ? 1 : 0;
  } finally {
    await app.close();
  }
}

function summary(report: ImportReport, file: string): string {
  const already = report.alreadyRecorded > 0 ? ` (${report.alreadyRecorded} already in the log)` : '';
  const refused = report.refused;
  if (refused) {
    const done = report.dryRun || report.recorded.length === 0 ? 'Nothing was written.' : `${report.recorded.length} acts were recorded before it; run the file again once it is corrected.`;
    const issues = (refused.issues ?? []).map((i) => `\n    ${i.path.join('.') || '(line)'}: ${i.message}`).join('');
    return [`${file}: refused at line ${refused.line}${refused.type ? ` (${refused.type})` : ''}: ${refused.status} ${refused.code} — ${refused.message}${issues}`, done].join('\n');
  }
  const lines = report.dryRun ? report.recorded.map((a) => `  line ${a.line}: ${a.type} → ${a.streamId} (${a.events.join(', ')})`) : [];
  if (report.dryRun) return [...lines, `Dry run of ${file}: ${report.recorded.length} of ${report.acts} acts would be recorded${already}; nothing was written.`].join('\n');
  return `${file}: recorded ${report.recorded.length} of ${report.acts} acts${already}${report.recorded.length > 0 ? `, up to log position ${report.position}` : ''}.`;
}
