import type { EventWithJson } from '@klaster/event-store';
import { eventToJson } from '../proof/event-json';
import type { ExportEntry } from '../trail/trail';

/**
 * An export's event lines, the same bytes as `JSON.stringify({ kind: 'event', event: eventToJson(event),
 * entry })` (format `klaster-audit-export/2`; the spec compares them over a varied log), assembled from
 * parts: what repeats — a stream's id and aggregate, a type, an actor as seen — is serialised once per
 * export, the event's data and metadata are the JSON text the store hands out with it when it does
 * (EventWithJson; serialised here otherwise), and no object is built per event only to be serialised.
 * The general serialisation cost an export as much CPU as the store's whole read (`npm run bench:audit`).
 */
export class JsonLines {
  private readonly streams = new Map<string, { aggregate: ExportEntry['aggregate']; streamId: string; aggregateJson: string }>();
  private readonly actors = new Map<string, { seen: ExportEntry['actor']; json: string }>();
  private readonly types = new Map<string, string>();

  line({ event, dataJson, metadataJson }: EventWithJson, entry: ExportEntry): string {
    // An undefined value is left out by JSON.stringify, not written: the general path keeps that rule.
    if (event.data === undefined || entry.occurredAt === undefined) return `${JSON.stringify({ kind: 'event', event: eventToJson(event), entry })}\n`;
    const stream = this.streamPart(event.streamId, entry.aggregate);
    return (
      '{"kind":"event","event":{"id":' +
      JSON.stringify(event.id) +
      stream.streamId +
      ',"type":' +
      this.typePart(event.type) +
      ',"revision":"' +
      event.revision.toString() +
      '","position":"' +
      event.position.toString() +
      '","data":' +
      (dataJson ?? JSON.stringify(event.data)) +
      ',"metadata":' +
      (metadataJson ?? JSON.stringify(event.metadata)) +
      '},"entry":{"aggregate":' +
      stream.aggregateJson +
      ',"act":{"pl":' +
      JSON.stringify(entry.act.pl) +
      ',"en":' +
      JSON.stringify(entry.act.en) +
      '},"actor":' +
      this.actorPart(event.metadata.actor, entry.actor) +
      ',"occurredAt":' +
      JSON.stringify(entry.occurredAt) +
      ',"charterVersion":' +
      JSON.stringify(entry.charterVersion) +
      '}}\n'
    );
  }

  /** Kept per stream while the entry gives the same aggregate object (a TrailWriter gives one per stream). */
  private streamPart(streamId: string, aggregate: ExportEntry['aggregate']) {
    let part = this.streams.get(streamId);
    if (part?.aggregate !== aggregate) {
      part = { aggregate, streamId: `,"streamId":${JSON.stringify(streamId)}`, aggregateJson: JSON.stringify(aggregate) };
      this.streams.set(streamId, part);
    }
    return part;
  }

  private actorPart(actor: string, seen: ExportEntry['actor']): string {
    let part = this.actors.get(actor);
    if (part?.seen !== seen) this.actors.set(actor, (part = { seen, json: JSON.stringify(seen) }));
    return part.json;
  }

  private typePart(type: string): string {
    let json = this.types.get(type);
    if (json === undefined) this.types.set(type, (json = JSON.stringify(type)));
    return json;
  }
}
