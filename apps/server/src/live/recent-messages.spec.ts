import { RecentMessages } from './recent-messages';
import type { LiveMessage } from './live-fragments';

const message = (room: string, position: number): LiveMessage =>
  ({ type: 'BallotCast', streamId: 'meeting-m', position: String(position), revision: '0', room, fragment: { view: 'meeting' } }) as unknown as LiveMessage;
const positionsOf = (messages: LiveMessage[] | undefined) => messages?.map((m) => Number(m.position));

describe('RecentMessages', () => {
  it('holds every message of a room after the join, and answers only from what it holds completely', () => {
    const recent = new RecentMessages(3);
    recent.record(message('meeting:m', 5)); // before anyone followed the room: not kept
    recent.open('meeting:m', 10n);
    for (const p of [11, 14, 15]) recent.record(message('meeting:m', p));
    expect(positionsOf(recent.after('meeting:m', 10n))).toEqual([11, 14, 15]);
    expect(positionsOf(recent.after('meeting:m', 14n))).toEqual([15]);
    expect(positionsOf(recent.after('meeting:m', 15n))).toEqual([]);
    expect(recent.after('meeting:m', 9n)).toBeUndefined();
    expect(recent.after('meeting:other', 10n)).toBeUndefined();
  });

  it('drops the oldest beyond its size, and then no longer reaches back before what it dropped', () => {
    const recent = new RecentMessages(3);
    recent.open('meeting:m', 10n);
    for (const p of [11, 12, 13, 14]) recent.record(message('meeting:m', p));
    expect(recent.after('meeting:m', 10n)).toBeUndefined();
    expect(positionsOf(recent.after('meeting:m', 11n))).toEqual([12, 13, 14]);
  });

  it('forgets a room with a hole (an event nobody was listening for), until someone joins again', () => {
    const recent = new RecentMessages(3);
    recent.open('meeting:m', 10n);
    recent.record(message('meeting:m', 11));
    recent.forget('meeting:m');
    recent.record(message('meeting:m', 13));
    expect(recent.after('meeting:m', 11n)).toBeUndefined();
    recent.open('meeting:m', 13n);
    recent.open('meeting:m', 20n); // a second join keeps what is there
    recent.record(message('meeting:m', 21));
    expect(positionsOf(recent.after('meeting:m', 13n))).toEqual([21]);
  });

  it('keeps nothing when its size is 0', () => {
    const recent = new RecentMessages(0);
    recent.open('meeting:m', 10n);
    recent.record(message('meeting:m', 11));
    expect(recent.after('meeting:m', 10n)).toBeUndefined();
  });
});
