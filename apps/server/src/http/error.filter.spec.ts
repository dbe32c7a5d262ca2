import { StoreUnavailable, UnsupportedServer, WrongExpectedVersion } from '@klaster/event-store';
import { toErrorBody } from './error.filter';

describe('toErrorBody: store failures a client cannot fix', () => {
  it('answers an unusable or unsupported store with 503 unavailable, saying why', () => {
    for (const error of [new StoreUnavailable('the store is closed'), new UnsupportedServer('EventStoreDB 22.10 is older than 23.10')]) {
      expect(toErrorBody(error)).toEqual({ statusCode: 503, code: 'unavailable', error: 'unavailable', message: error.message });
    }
  });

  it('keeps a concurrent change a 409 conflict', () => {
    expect(toErrorBody(new WrongExpectedVersion('s', 1n, 2n))).toMatchObject({ statusCode: 409, code: 'conflict' });
  });
});
