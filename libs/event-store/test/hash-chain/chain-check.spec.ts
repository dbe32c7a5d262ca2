import { BackwardChainCheck, breakOf, ChainVerifier, ForwardChainCheck, type ChainLink, type DataHashed, type LinkLookup } from '../../src/hash-chain/chain-check';
import { sealEvents, type ChainHead } from '../../src/hash-chain/seal';
import { DamagedEvent, type RecordedEvent } from '../../src';
import { forgedEvent, newEvent, rejectionOf } from '../contract/fixtures';

/** The chain checks every read runs, on their own: what each reports, and what it needs to look up. */

const RECORDED_AT = '2026-01-01T00:00:00.000Z';
let nextPosition = 1n;

interface Stored {
  event: RecordedEvent;
  /** The data's canonical JSON, as the embedded store keeps it. */
  text: string;
}

/** `count` events of a stream sealed as an adapter seals them, continuing after `head`. */
function chain(streamId: string, count: number, head?: ChainHead): Stored[] {
  return sealEvents(streamId, Array.from({ length: count }, (_, i) => newEvent('Counted', { b: i, a: streamId })), head, RECORDED_AT).map((s) => ({
    event: {
      id: s.event.id,
      type: s.event.type,
      streamId,
      revision: s.revision,
      position: nextPosition++,
      data: s.event.data,
      metadata: { ...s.metadata, prevHash: s.prevHash, hash: s.hash },
    },
    text: s.dataText,
  }));
}

/** A sealed event whose hash is right but whose prevHash names an event that is not its predecessor. */
function wronglyLinked(streamId: string, head: RecordedEvent): RecordedEvent {
  const s = forgedEvent(streamId, { revision: head.revision, hash: head.metadata.hash }, 'link');
  return { id: s.event.id, type: s.event.type, streamId, revision: s.revision, position: nextPosition++, data: s.event.data, metadata: { ...s.metadata, prevHash: s.prevHash, hash: s.hash } };
}

const link = (e: RecordedEvent): ChainLink => ({ revision: e.revision, hash: e.metadata.hash });
const damageOf = (fn: () => unknown): DamagedEvent['damage'] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DamagedEvent) return error.damage;
    throw error;
  }
  throw new Error('expected DamagedEvent');
};

/** A lookup over the given events that records what it was asked. */
function lookupOver(events: RecordedEvent[]): LinkLookup & { asked: [string, bigint][] } {
  const asked: [string, bigint][] = [];
  const lookup = (streamId: string, revision: bigint) => {
    asked.push([streamId, revision]);
    const found = events.find((e) => e.streamId === streamId && e.revision === revision);
    return found && link(found);
  };
  return Object.assign(lookup, { asked });
}

describe('breakOf', () => {
  const [a0, a1, a2, a3] = chain('a', 4);

  it('hashes canonical stored data text as it is, and says the hash held over those bytes', () => {
    const hashed: DataHashed = { asStored: false };
    expect(breakOf(a1.event, link(a0.event), a1.text, hashed)).toBeUndefined();
    expect(a1.text).toBe('{"a":"a","b":1}');
    expect(hashed.asStored).toBe(true);
  });

  it('checks text that is not canonical (an older row, a hand edit) through its parsed value, and says the hash did not hold over its bytes', () => {
    for (const text of ['{"b":1,"a":"a"}', '{ "a": "a", "b": 1 }']) {
      const hashed: DataHashed = { asStored: true };
      expect(breakOf(a1.event, link(a0.event), text, hashed)).toBeUndefined();
      expect(hashed.asStored).toBe(false);
    }
  });

  it('reports a hash mismatch for changed data, with or without the stored text, naming the hash stored', () => {
    const altered = { ...a1.event, data: { a: 'a', b: 99 } };
    const withText = breakOf(altered, link(a0.event), '{"a":"a","b":99}', { asStored: true });
    const withoutText = breakOf(altered, link(a0.event));
    for (const problem of [withText, withoutText]) {
      expect(problem).toEqual({ kind: 'hash_mismatch', expected: expect.stringMatching(/^[0-9a-f]{64}$/), stored: a1.event.metadata.hash });
    }
    expect(withText).toEqual(withoutText);
  });

  it('names the missing revision of a gap: the one right below when there is none, the one after the predecessor found', () => {
    expect(breakOf(a3.event, 'missing')).toEqual({ kind: 'revision_gap', missingRevision: 2n });
    expect(breakOf(a3.event, link(a0.event))).toEqual({ kind: 'revision_gap', missingRevision: 1n });
    expect(breakOf(a3.event, link(a2.event))).toBeUndefined();
  });

  it('reports a prevHash that is not its predecessor’s hash, and a first event that links to anything', () => {
    expect(breakOf(a2.event, { revision: 1n, hash: 'e'.repeat(64) })).toEqual({ kind: 'broken_link', expectedPrevHash: 'e'.repeat(64), storedPrevHash: a1.event.metadata.hash });
    const forgedFirst = wronglyLinked('b', { ...a0.event, streamId: 'b', revision: -1n });
    expect(forgedFirst.revision).toBe(0n);
    expect(breakOf(forgedFirst, undefined)).toEqual({ kind: 'broken_link', expectedPrevHash: null, storedPrevHash: 'f'.repeat(64) });
  });
});

describe('ForwardChainCheck', () => {
  it('links each event to the one it delivered last in its stream without a lookup', () => {
    const a = chain('a', 3);
    const b = chain('b', 3);
    const lookup = lookupOver([]); // knows nothing: any lookup would report the predecessor missing
    const check = new ForwardChainCheck(lookup);
    for (const { event, text } of [a[0], b[0], a[1], b[1], b[2], a[2]]) check.check(event, text);
    expect(lookup.asked).toEqual([]);
  });

  it('looks up the predecessor of a stream’s first event in this read, and of one after events the read skipped', () => {
    const a = chain('a', 4);
    const lookup = lookupOver(a.map((s) => s.event));
    const check = new ForwardChainCheck(lookup);
    check.check(a[1].event); // starts mid-stream
    check.check(a[3].event); // a[2] was not delivered (filtered out)
    expect(lookup.asked).toEqual([
      ['a', 0n],
      ['a', 2n],
    ]);
  });

  it('finds a wrong link on the first event it sees of a stream, and a missing predecessor', () => {
    const a = chain('a', 2);
    const forged = wronglyLinked('a', a[1].event);
    const check = new ForwardChainCheck(lookupOver(a.map((s) => s.event)));
    expect(damageOf(() => check.check(forged))).toMatchObject({ eventId: forged.id, revision: 2n, problem: { kind: 'broken_link', expectedPrevHash: a[1].event.metadata.hash } });
    const lonely = chain('c', 3)[2].event;
    expect(damageOf(() => new ForwardChainCheck(lookupOver([])).check(lonely))).toMatchObject({ revision: 2n, problem: { kind: 'revision_gap', missingRevision: 1n } });
  });

  it('waits for an asynchronous lookup', async () => {
    const a = chain('a', 2);
    const check = new ForwardChainCheck(async (_s, revision) => (revision === 0n ? link(a[0].event) : undefined));
    await expect(check.check(a[1].event)).resolves.toBeUndefined();
    const forged = wronglyLinked('a', a[1].event);
    const later = new ForwardChainCheck(async () => link(a[1].event));
    expect(await rejectionOf(Promise.resolve(later.check(forged)))).toBeInstanceOf(DamagedEvent);
  });

  it('remembers the last event of `capacity` streams, forgetting the one least recently seen, and still checks a forgotten one', () => {
    const a = chain('a', 4);
    const b = chain('b', 3);
    const c = chain('c', 1);
    const lookup = lookupOver([...a, ...b, ...c].map((s) => s.event));
    const check = new ForwardChainCheck(lookup, 2);
    for (const s of [a[0], b[0], a[1], b[1]]) check.check(s.event, s.text);
    expect(lookup.asked).toEqual([]); // two streams: both held
    check.check(c[0].event); // a third: a (seen before b's last) is forgotten
    check.check(b[2].event);
    expect(lookup.asked).toEqual([]);
    check.check(a[2].event);
    expect(lookup.asked).toEqual([['a', 1n]]);
    // c is forgotten now (b and a seen since), yet a wrong link onto it is still found through the lookup.
    const forged = wronglyLinked('c', c[0].event);
    expect(damageOf(() => check.check(forged))).toMatchObject({ streamId: 'c', problem: { kind: 'broken_link' } });
    expect(lookup.asked).toEqual([
      ['a', 1n],
      ['c', 0n],
    ]);
  });
});

describe('BackwardChainCheck', () => {
  it('accepts a stream read from its head down', () => {
    const a = chain('a', 3);
    const check = new BackwardChainCheck();
    for (const { event, text } of [...a].reverse()) check.check(event, text);
  });

  it('reports a gap on the event above it, naming the missing revision', () => {
    const a = chain('a', 4);
    const check = new BackwardChainCheck();
    check.check(a[3].event);
    expect(damageOf(() => check.check(a[1].event))).toEqual({
      streamId: 'a',
      revision: 3n,
      eventId: a[3].event.id,
      position: a[3].event.position,
      problem: { kind: 'revision_gap', missingRevision: 2n },
    });
  });

  it('reports a prevHash that is not the hash of the event below, on the event above', () => {
    const a = chain('a', 2);
    const forged = wronglyLinked('a', a[1].event);
    const check = new BackwardChainCheck();
    check.check(forged); // its own hash holds
    expect(damageOf(() => check.check(a[1].event, a[1].text))).toMatchObject({
      eventId: forged.id,
      revision: 2n,
      problem: { kind: 'broken_link', expectedPrevHash: a[1].event.metadata.hash, storedPrevHash: 'f'.repeat(64) },
    });
  });

  it('reports changed stored bytes on the event itself', () => {
    const a = chain('a', 2);
    const check = new BackwardChainCheck();
    check.check(a[1].event, a[1].text);
    const altered = { ...a[0].event, data: { a: 'a', b: 7 } };
    expect(damageOf(() => check.check(altered, '{"a":"a","b":7}'))).toMatchObject({ revision: 0n, problem: { kind: 'hash_mismatch', stored: a[0].event.metadata.hash } });
  });
});

describe('ChainVerifier', () => {
  it('reports an intact log as ok, counting events and streams', () => {
    const verifier = new ChainVerifier();
    for (const s of [...chain('a', 2), ...chain('b', 1)]) verifier.check(s.event);
    expect(verifier.report()).toEqual({ ok: true, eventsChecked: 3, streamsChecked: 2, problems: [] });
  });

  it('reports every damaged event and goes on past each', () => {
    const a = chain('a', 3);
    const b = chain('b', 2);
    const verifier = new ChainVerifier();
    verifier.check(a[0].event);
    verifier.check(a[2].event); // a[1] missing
    verifier.check({ ...b[0].event, data: { changed: true } });
    verifier.check(b[1].event); // links to b[0]'s stored hash: intact
    const report = verifier.report();
    expect(report).toEqual({
      ok: false,
      eventsChecked: 4,
      streamsChecked: 2,
      problems: [
        { streamId: 'a', revision: 2n, eventId: a[2].event.id, position: a[2].event.position, problem: { kind: 'revision_gap', missingRevision: 1n } },
        { streamId: 'b', revision: 0n, eventId: b[0].event.id, position: b[0].event.position, problem: expect.objectContaining({ kind: 'hash_mismatch', stored: b[0].event.metadata.hash }) },
      ],
    });
    // A report is a copy: what a reader does with it does not change the next one.
    report.problems.length = 0;
    expect(verifier.report().problems).toHaveLength(2);
  });
});
