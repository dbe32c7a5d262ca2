import type { EventStore, GlobalPosition, ReadAllOptions, RecordedEvent } from './types';

/**
 * An event read with the JSON text of its data and metadata exactly as `JSON.stringify` writes
 * `event.data` and `event.metadata`, taken from what the store holds, so a reader that writes events out
 * as JSON (an audit export) need not serialise them again. A text is undefined where the store's bytes
 * cannot stand for it: the reader then serialises the decoded value.
 */
export interface EventWithJson {
  event: RecordedEvent;
  dataJson: string | undefined;
  metadataJson: string | undefined;
}

export interface ReadAllWithJsonOptions extends Pick<ReadAllOptions, 'fromPosition' | 'filter'> {
  /** Inclusive: no event after it is read (nor checked). */
  toPosition?: GlobalPosition;
}

/**
 * A store that reads the log with each event's stored JSON (the embedded store): in pages, every
 * event checked as `readAll` checks it. EventStoreDB's adapter hands out decoded events only.
 */
export interface JsonTextReader {
  readAllWithJson(options?: ReadAllWithJsonOptions): AsyncIterable<EventWithJson[]>;
}

export function readsJsonText(store: EventStore): store is EventStore & JsonTextReader {
  return typeof (store as Partial<JsonTextReader>).readAllWithJson === 'function';
}
