import { LRUCache } from 'lru-cache';
import type { LiveMessage } from './live-fragments';

/** What one room's memory holds: every message of the room after `since`, oldest first. */
interface RoomMemory {
  since: bigint;
  messages: LiveMessage[];
}

/**
 * The last messages pushed to each followed room, so a client that reconnects after a short absence
 * (a network blip, a laptop lid) resumes from memory instead of the server folding the room's streams
 * from the log — a thousand members of a general meeting reconnecting at once must not each read
 * the meeting again. A room's memory is complete after `since`: it starts when someone joins, holds
 * at most `perRoom` messages (dropping the oldest moves `since` forward), and is forgotten as soon
 * as an event of the room is not pushed because nobody was listening.
 */
export class RecentMessages {
  private readonly rooms: LRUCache<string, RoomMemory>;

  constructor(
    private readonly perRoom: number,
    maxRooms = 1_000,
  ) {
    this.rooms = new LRUCache({ max: maxRooms });
  }

  /** Someone follows the room from now on: everything after `position` will be pushed to it. */
  open(room: string, position: bigint): void {
    if (this.perRoom > 0 && !this.rooms.has(room)) this.rooms.set(room, { since: position, messages: [] });
  }

  /** A message was pushed to the room. */
  record(message: LiveMessage): void {
    const memory = this.rooms.get(message.room);
    if (!memory) return;
    memory.messages.push(message);
    if (memory.messages.length > this.perRoom) memory.since = BigInt(memory.messages.shift()!.position);
  }

  /** An event of the room was not pushed (nobody listened): the room's memory has a hole now. */
  forget(room: string): void {
    this.rooms.delete(room);
  }

  /** Every message of the room after `lastPosition`, or undefined when memory does not reach back that far. */
  after(room: string, lastPosition: bigint): LiveMessage[] | undefined {
    const memory = this.rooms.get(room);
    if (!memory || lastPosition < memory.since) return undefined;
    return memory.messages.filter((m) => BigInt(m.position) > lastPosition);
  }
}
