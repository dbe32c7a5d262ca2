import { randomUUID } from 'node:crypto';
import { InvalidEventStoreInput } from '../../src';
import { validateAppend } from '../../src/port/validation';

const append = (data: unknown) => () =>
  validateAppend('s-1', [{ id: randomUUID(), type: 'T', data, metadata: { actor: 'p', correlationId: 'c', causationId: 'c' } }], { expectedRevision: 'any' }, 1_000_000);

class Money {
  constructor(readonly amount: number) {}
}

describe('validateAppend: event data must be JSON', () => {
  it.each([
    ['a nested document', { a: [1, 'x', true, null, { b: -0.5 }], c: {} }],
    ['an object without a prototype', Object.assign(Object.create(null), { a: 1 })],
    ['a string', 'plain'],
    ['an empty array', []],
  ])('accepts %s', (_what, data) => {
    expect(append(data)).not.toThrow();
  });

  it.each([
    ['NaN', { n: Number.NaN }],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['undefined inside', { a: undefined }],
    ['a function', { f: () => 1 }],
    ['a Date', { at: new Date(0) }],
    ['a class instance', { price: new Money(5) }],
    ['a bigint', { n: 1n }],
    ['a hole in an array', [1, , 3]],
    ['undefined', undefined],
  ])('refuses %s with the zod issues', (_what, data) => {
    const error = (() => {
      try {
        append(data)();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidEventStoreInput);
    expect((error as InvalidEventStoreInput).issues.some((i) => i.path[0] === 'events' && i.path[2] === 'data')).toBe(true);
  });
});
