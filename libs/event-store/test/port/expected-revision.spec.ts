import { WrongExpectedVersion } from '../../src';
import { checkExpectedRevision } from '../../src/port/expected-revision';

const refusal = (expected: Parameters<typeof checkExpectedRevision>[1], actual: bigint | undefined) => {
  try {
    checkExpectedRevision('meeting-1', expected, actual);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('checkExpectedRevision', () => {
  it('accepts any, no_stream on a missing stream, stream_exists on an existing one, and the exact revision', () => {
    expect(refusal('any', undefined)).toBeUndefined();
    expect(refusal('any', 4n)).toBeUndefined();
    expect(refusal('no_stream', undefined)).toBeUndefined();
    expect(refusal('stream_exists', 0n)).toBeUndefined();
    expect(refusal(4n, 4n)).toBeUndefined();
  });

  it('refuses every other pairing with the stream, the expectation and the actual revision', () => {
    expect(refusal('no_stream', 0n)).toMatchObject({ streamId: 'meeting-1', expected: 'no_stream', actual: 0n });
    expect(refusal('stream_exists', undefined)).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
    expect(refusal(3n, 4n)).toMatchObject({ expected: 3n, actual: 4n });
    expect(refusal(5n, 4n)).toMatchObject({ expected: 5n, actual: 4n });
    expect(refusal(0n, undefined)).toMatchObject({ expected: 0n, actual: 'no_stream' });
    expect(refusal(3n, 4n)).toBeInstanceOf(WrongExpectedVersion);
  });
});
