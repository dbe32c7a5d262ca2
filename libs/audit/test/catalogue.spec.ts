import { IntlMessageFormat } from 'intl-messageformat';
import { LOCALES, message, messageFormats, type MessageKey, type Params } from '@klaster/audit';
import pl from '../src/messages/pl.json';
import en from '../src/messages/en.json';

type Element = ReturnType<IntlMessageFormat['getAst']>[number];
/** intl-messageformat's parser's element kinds that hold no argument, and those with branches. */
const NO_ARGUMENT = new Set([0, 7, 8]); // literal, pound (#), tag
const BRANCHES = new Set([5, 6]); // select, plural

/** Every argument a message names, with the branch keys of its selects. */
function argumentsOf(elements: Element[], found = new Map<string, Set<string>>()): Map<string, Set<string>> {
  for (const e of elements) {
    if (NO_ARGUMENT.has(e.type)) continue;
    const { value: name } = e as { value: string };
    const keys = found.get(name) ?? new Set<string>();
    found.set(name, keys);
    if (BRANCHES.has(e.type)) {
      for (const [key, option] of Object.entries((e as { options: Record<string, { value: Element[] }> }).options)) {
        keys.add(key);
        argumentsOf(option.value, found);
      }
    }
  }
  return found;
}

describe('the audit message catalogue', () => {
  it('has the same keys in Polish and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(pl).sort());
  });

  // The catalogue formats most messages without intl-messageformat's general path (an export formats
  // two per event): for every message, every branch of its selects, a number, an empty and a missing
  // value, its text must be exactly what intl-messageformat gives.
  it.each(LOCALES)('formats every %s message exactly as intl-messageformat does', (locale) => {
    const catalogue: Record<string, string> = locale === 'pl' ? pl : en;
    let compared = 0;
    for (const [key, source] of Object.entries(catalogue)) {
      const reference = new IntlMessageFormat(source, locale, messageFormats('UTC'));
      const args = [...argumentsOf(reference.getAst())];
      const variants: Params[] = [Object.fromEntries(args.map(([name]) => [name, `«${name}»`]))];
      for (const [name, keys] of args) {
        for (const branch of keys) variants.push({ ...variants[0], [name]: branch === 'other' ? 'nic-takiego' : branch.replace(/^=/, '') });
        variants.push({ ...variants[0], [name]: 7 }, { ...variants[0], [name]: 1234.5 }, { ...variants[0], [name]: '' });
        const { [name]: _missing, ...without } = variants[0];
        if (!args.some(([, k]) => k.size > 0)) variants.push(without);
      }
      for (const params of variants) {
        let expected: string;
        try {
          expected = String(reference.format(params));
        } catch {
          continue; // a value intl-messageformat itself refuses (not a number for a plural) is not compared
        }
        expect({ key, params, text: message(locale, key as MessageKey, params) }).toEqual({ key, params, text: expected });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(Object.keys(catalogue).length);
  });

  it('reads a select without the value’s branch as its "other" branch, and a plain message without parameters', () => {
    expect(message('en', 'act.BallotCast', { member: 'Org A', choice: 'yes' })).not.toBe(message('en', 'act.BallotCast', { member: 'Org A', choice: 'no' }));
    expect(message('pl', 'actor.system')).toBe(pl['actor.system' as keyof typeof pl]);
  });
});
