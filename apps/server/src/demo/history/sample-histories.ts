import { join } from 'node:path';
import { seed002History } from './seed-002-ktmiu.history';
import { seed004History } from './seed-004-wm-kes.history';

/** The sample history files shipped beside this module, and the builders that write them. */
export const SAMPLE_HISTORIES = [
  { file: 'seed-004-wm-kes.jsonl', clusterId: 'wm-kes', coordinator: 'elzbieta-nowakowska', build: seed004History },
  { file: 'seed-002-ktmiu.jsonl', clusterId: 'ktmiu', coordinator: 'maria-karwowska', build: seed002History },
] as const;

export const sampleHistoryPath = (file: string) => join(__dirname, file);
