/** Reading a collection through these members walks it (an Immutable.js collection or a plain object). */
export const ENUMERATING = new Set<PropertyKey>(['values', 'keys', 'entries', 'forEach', 'toJS', 'toJSON', 'toObject', 'toArray', 'map', 'filter', 'reduce', 'slice', 'concat', 'length', Symbol.iterator]);

/**
 * The collection behind a proxy that counts every walk of it (a method that enumerates it, or an
 * own-keys walk such as `{ ...ballots }`): a fold that costs O(1) per event walks it zero times.
 */
export function watched<T extends object>(collection: T): { watched: T; enumerations: () => number } {
  let enumerations = 0;
  const proxy = new Proxy(collection, {
    get(target, prop, receiver) {
      if (ENUMERATING.has(prop)) enumerations++;
      return Reflect.get(target, prop, receiver);
    },
    ownKeys(target) {
      enumerations++;
      return Reflect.ownKeys(target);
    },
  });
  return { watched: proxy, enumerations: () => enumerations };
}
