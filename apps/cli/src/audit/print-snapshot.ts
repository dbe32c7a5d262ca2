import { snapshotLines, type ClusterSnapshot, type Locale } from '@klaster/audit';

/** A cluster's state as plain text for a terminal (its words are the audit catalogue's). */
export function printSnapshot(s: ClusterSnapshot, locale: Locale): void {
  for (const line of snapshotLines(s, locale)) console.log(line);
}
