/**
 * The EventStoreDB client's own messages, built as a server sends them: the protobuf messages of the
 * client's generated code, serialised and parsed back (absent fields then read as the client reads them,
 * e.g. a missing position as "0"), then converted by the client's own functions. Tests feed the adapter
 * exactly what @eventstore/db-client 6 would hand it, not a hand-written look-alike.
 */
import { Metadata, status } from '@grpc/grpc-js';
import { convertToCommandError, type AllStreamResolvedEvent, type NotLeaderError } from '@eventstore/db-client';
import { convertGrpcEvent } from '@eventstore/db-client/dist/utils/convertGrpcEvent';
import { ServerFeatures } from '@eventstore/db-client/dist/Client/ServerFeatures';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';

/** What servers before 22.10 send as an event's commit position on a stream read: ulong.MaxValue, "no position". */
export const NO_POSITION_BEFORE_22_10 = (2n ** 64n - 1n).toString();

export interface StoredRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata?: unknown;
  created?: Date;
  /** The record's commit position in the log. */
  position: bigint;
  /** Its prepare position, when it differs from the commit position (see FakeServerOptions.preparePositions). */
  preparePosition?: bigint;
}

export interface AsSent {
  /**
   * The position the server puts inside the record: the true one (22.10+), `'absent'` (the field left
   * out), or a string the server sends instead (NO_POSITION_BEFORE_22_10).
   */
  recordPosition?: 'true' | 'absent' | string;
  /** The position beside the record (ReadEvent.position): $all reads carry it, stream reads say "no position". */
  besidePosition?: boolean;
}

/** A ReadResp.ReadEvent as the server sends it for this record, after a trip through the wire format. */
export function readEventMessage(record: StoredRecord, sent: AsSent = {}): ReadResp.ReadEvent {
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  const uuid = new UUID();
  uuid.setString(record.id);
  recorded.setId(uuid);
  const stream = new StreamIdentifier();
  stream.setStreamName(Buffer.from(record.streamId, 'utf8'));
  recorded.setStreamIdentifier(stream);
  recorded.setStreamRevision(record.revision.toString());
  const recordPosition = sent.recordPosition ?? 'true';
  if (recordPosition === 'true') {
    recorded.setCommitPosition(record.position.toString());
    recorded.setPreparePosition((record.preparePosition ?? record.position).toString());
  } else if (recordPosition !== 'absent') {
    recorded.setCommitPosition(recordPosition);
    recorded.setPreparePosition(recordPosition);
  }
  const created = BigInt((record.created ?? new Date('2026-01-01T00:00:00Z')).getTime()) * 10_000n; // .NET ticks
  recorded.getMetadataMap().set('type', record.type);
  recorded.getMetadataMap().set('content-type', 'application/json');
  recorded.getMetadataMap().set('created', created.toString());
  recorded.setData(Buffer.from(JSON.stringify(record.data), 'utf8'));
  if (record.metadata !== undefined) recorded.setCustomMetadata(Buffer.from(JSON.stringify(record.metadata), 'utf8'));
  const message = new ReadResp.ReadEvent();
  message.setEvent(recorded);
  if (sent.besidePosition) message.setCommitPosition(record.position.toString());
  else message.setNoPosition(new Empty());
  return ReadResp.ReadEvent.deserializeBinary(message.serializeBinary());
}

/** The ResolvedEvent the client makes of that message (its convertGrpcEvent). */
export function resolvedAsSent(record: StoredRecord, sent: AsSent = {}): AllStreamResolvedEvent {
  return convertGrpcEvent(readEventMessage(record, sent)) as AllStreamResolvedEvent;
}

/** A subscription's ReadResp messages, as the client's Subscription transform receives them. */
export const subscriptionMessages = {
  confirmation(id = 'sub-1'): ReadResp {
    const message = new ReadResp();
    const confirmation = new ReadResp.SubscriptionConfirmation();
    confirmation.setSubscriptionId(id);
    message.setConfirmation(confirmation);
    return wire(message);
  },
  event(record: StoredRecord): ReadResp {
    const message = new ReadResp();
    message.setEvent(readEventMessage(record, { besidePosition: true }));
    return wire(message);
  },
  checkpoint(position: bigint, prepare = position): ReadResp {
    const message = new ReadResp();
    const checkpoint = new ReadResp.Checkpoint();
    checkpoint.setCommitPosition(position.toString());
    checkpoint.setPreparePosition(prepare.toString());
    message.setCheckpoint(checkpoint);
    return wire(message);
  },
  streamNotFound(streamName: string): ReadResp {
    const message = new ReadResp();
    const identifier = new StreamIdentifier();
    identifier.setStreamName(Buffer.from(streamName, 'utf8'));
    const missing = new ReadResp.StreamNotFound();
    missing.setStreamIdentifier(identifier);
    message.setStreamNotFound(missing);
    return wire(message);
  },
  /** One record of a read (of a stream, or of $all with its position beside it too). */
  read(record: StoredRecord, sent: AsSent): ReadResp {
    const message = new ReadResp();
    message.setEvent(readEventMessage(record, sent));
    return wire(message);
  },
  caughtUp(): ReadResp {
    const message = new ReadResp();
    message.setCaughtUp(new ReadResp.CaughtUp());
    return wire(message);
  },
};

const wire = (message: ReadResp): ReadResp => ReadResp.deserializeBinary(message.serializeBinary());

/**
 * What the client knows of the server after its ServerFeatures call: the version it reports, or — a
 * server before 21.10 has no such call and answers UNIMPLEMENTED — "unknown".
 */
export function serverFeatures(version: string | 'unimplemented'): ServerFeatures {
  if (version === 'unimplemented') {
    const unimplemented = Object.assign(new Error('12 UNIMPLEMENTED'), { code: status.UNIMPLEMENTED, details: '', metadata: new Metadata() });
    return new ServerFeatures(unimplemented, undefined as never);
  }
  const methods = new SupportedMethods();
  methods.setEventStoreServerVersion(version);
  return new ServerFeatures(null, SupportedMethods.deserializeBinary(methods.serializeBinary()));
}

/**
 * A follower's refusal of a call that requires the leader, as the client makes it of the gRPC error
 * (status NOT_FOUND, trailers naming the exception and the leader's endpoint).
 */
export function notLeaderError(host = 'esdb-node2', port = 2113): NotLeaderError {
  return convertToCommandError(notLeaderServiceError(host, port)) as NotLeaderError;
}

/** The gRPC error itself, as a call emits it (the client's read and subscription streams convert it). */
export function notLeaderServiceError(host = 'esdb-node2', port = 2113) {
  const metadata = new Metadata();
  metadata.set('exception', 'not-leader');
  metadata.set('leader-endpoint-host', host);
  metadata.set('leader-endpoint-port', String(port));
  return Object.assign(new Error('5 NOT_FOUND: Leader info available'), { code: status.NOT_FOUND, details: 'Leader info available', metadata });
}
