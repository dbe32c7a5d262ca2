import { IntlMessageFormat } from 'intl-messageformat';
import { describeDamage, type ChainBreak } from '@klaster/event-store';
import { ReadModelsInUse } from '@klaster/projections';
import { LOCALES, breakReason, messageFormats, reasonText, type Locale, type Params } from '@klaster/audit';
import { chosenLanguage } from '../src/language';
import { cliMessages, say, speak, type CliMessageKey } from '../src/messages/cli-messages';
import { inUseText } from '../src/messages/in-use';
import en from '../src/messages/en.json';
import pl from '../src/messages/pl.json';

type Element = ReturnType<IntlMessageFormat['getAst']>[number];
/** intl-messageformat's element kinds (its parser's TYPE). */
const KIND = { literal: 0, argument: 1, number: 2, date: 3, time: 4, select: 5, plural: 6, pound: 7, tag: 8 } as const;

/** Every argument a message names: a number for number/plural, a Date for date/time, the branch keys of a select, text otherwise. */
function argumentsOf(elements: Element[], found = new Map<string, { kind: number; branches: string[] }>()) {
  for (const e of elements) {
    if (e.type === KIND.literal || e.type === KIND.pound || e.type === KIND.tag) continue;
    const entry = found.get(e.value) ?? { kind: e.type, branches: [] };
    found.set(e.value, entry);
    if (e.type === KIND.select || e.type === KIND.plural) {
      for (const [key, option] of Object.entries(e.options)) {
        if (e.type === KIND.select) entry.branches.push(key);
        argumentsOf(option.value, found);
      }
    }
  }
  return found;
}

const sample = (kind: number): string | number | Date => (kind === KIND.number || kind === KIND.plural ? 1234 : kind === KIND.date || kind === KIND.time ? new Date('2024-03-14T10:00:00Z') : '«x»');

describe("the command line's message catalogue", () => {
  const catalogues: Record<Locale, Record<string, string>> = { pl, en };

  it('has the same keys in Polish and English', () => {
    expect(Object.keys(pl).sort()).toEqual(Object.keys(en).sort());
    expect(cliMessages.keys('pl').sort()).toEqual(cliMessages.keys('en').sort());
  });

  it('asks Polish for no argument English does not give (but a Date beside a date written as text)', () => {
    for (const key of Object.keys(en)) {
      const english = new Set(argumentsOf(new IntlMessageFormat(en[key as CliMessageKey], 'en').getAst()).keys());
      const polish = [...argumentsOf(new IntlMessageFormat(pl[key as CliMessageKey], 'pl').getAst()).keys()];
      expect({ key, missing: polish.filter((name) => !english.has(name) && !(name.endsWith('Date') && english.has(name.slice(0, -4)))) }).toEqual({ key, missing: [] });
    }
  });

  // Every message, every branch of its selects, with the arguments it names: formatted whole, nothing left unformatted.
  it.each(LOCALES)('formats every %s message with its arguments', (locale) => {
    let formatted = 0;
    for (const [key, source] of Object.entries(catalogues[locale])) {
      const args = argumentsOf(new IntlMessageFormat(source, locale, messageFormats('UTC')).getAst());
      const base: Params = Object.fromEntries([...args].map(([name, { kind }]) => [name, sample(kind)]));
      const variants = [base, ...[...args].flatMap(([name, { branches }]) => branches.map((branch) => ({ ...base, [name]: branch === 'other' ? 'nic-takiego' : branch })))];
      for (const params of variants) {
        const text = cliMessages.message(locale, key as CliMessageKey, params);
        expect({ key, text }).toEqual({ key, text: expect.not.stringMatching(/[{}]/) });
        expect(text.trim()).not.toBe('');
        formatted++;
      }
    }
    expect(formatted).toBeGreaterThan(Object.keys(en).length);
  });

  it('formats Polish numbers and dates for Polish readers, and English as it always printed them', () => {
    const params = { events: 12345, position: '77', rate: 1500, seconds: 2.5 };
    expect(cliMessages.message('en', 'rebuild.done', params)).toBe('Rebuilt the read models from 12,345 events up to position 77 in 2.50 s: 1,500 events/s.');
    expect(cliMessages.message('pl', 'rebuild.done', params)).toBe('Odbudowano modele odczytu z 12\u00a0345 zdarzeń do pozycji 77 w 2,50 s: 1500 zdarzeń/s.');
    expect(cliMessages.message('en', 'verify.checked', { events: 12345, streams: 1 })).toBe('12345 events in 1 streams checked.');
    expect(cliMessages.message('pl', 'verify.checked', { events: 2, streams: 1 })).toBe('Sprawdzono 2 zdarzenia w 1 strumieniu.');
    expect(cliMessages.message('pl', 'verify.checked', { events: 12345, streams: 5 })).toBe('Sprawdzono 12\u00a0345 zdarzeń w 5 strumieniach.');
    const seal = { sequence: 3, cluster: 'kl', sealedAt: '2024-03-14T10:00:00.000Z', sealedAtDate: new Date('2024-03-14T10:00:00.000Z'), root: 'ab', position: '9' };
    expect(cliMessages.message('en', 'proof.seal', seal)).toBe('Seal 3 of cluster kl, 2024-03-14T10:00:00.000Z, root ab, covering position 9');
    expect(cliMessages.message('pl', 'proof.seal', seal)).toBe('Pieczęć 3 klastra kl, 14 mar 2024, 10:00 (UTC), korzeń ab, obejmuje pozycję 9');
  });

  it.each<ChainBreak>([
    { kind: 'hash_mismatch', expected: 'a', stored: 'b' },
    { kind: 'broken_link', expectedPrevHash: 'a', storedPrevHash: 'b' },
    { kind: 'revision_gap', missingRevision: 4n },
    { kind: 'unreadable', reason: 'Unexpected token } in JSON' },
  ])('words a damaged event ($kind) in English exactly as the event store does, and in Polish', (problem) => {
    const damage = { streamId: "cluster-x", revision: 5n, eventId: 'e-1', position: 9n, problem };
    const words = (locale: Locale) =>
      cliMessages.message(locale, 'verify.damage', { event: 'e-1', stream: 'cluster-x', revision: '5', position: '9', problem: reasonText(breakReason(problem), locale) });
    expect(words('en')).toBe(describeDamage(damage));
    expect(words('pl')).toMatch(/^zdarzenie e-1 strumienia „cluster-x” \(rewizja 5, pozycja 9\) jest uszkodzone: \S/);
  });

  it('words read models in use as ReadModelsInUse does in English, with or without the process holding them', () => {
    const held = new ReadModelsInUse('/d/read-models.sqlite', { pid: 42, role: 'a Klaster server', since: '2024-03-14T10:00:00.000Z' });
    const unknown = new ReadModelsInUse('/d/read-models.sqlite');
    try {
      speak('en');
      expect(inUseText(held)).toBe(held.message);
      expect(inUseText(unknown)).toBe(unknown.message);
      speak('pl');
      expect(inUseText(held)).toBe('Modele odczytu w /d/read-models.sqlite są używane przez a Klaster server (pid 42, od 2024-03-14T10:00:00.000Z): tylko jeden proces naraz może na nich prowadzić projekcje');
      expect(say('verify.intact')).toBe('Zapis jest nienaruszony.');
    } finally {
      speak('en');
    }
  });
});

describe('the language the command line prints in', () => {
  it.each<[string | undefined, NodeJS.ProcessEnv, 'pl' | 'en']>([
    [undefined, {}, 'en'],
    [undefined, { LANG: 'C.UTF-8' }, 'en'],
    [undefined, { LANG: 'pl_PL.UTF-8' }, 'pl'],
    [undefined, { LANG: 'pl' }, 'pl'],
    [undefined, { LC_MESSAGES: 'pl_PL.UTF-8', LANG: 'en_GB.UTF-8' }, 'pl'],
    // LC_ALL overrides the others, as it does for every program.
    [undefined, { LC_ALL: 'C', LANG: 'pl_PL.UTF-8' }, 'en'],
    [undefined, { LC_ALL: '', LANG: 'pl_PL.UTF-8' }, 'pl'],
    [undefined, { KLASTER_LANG: 'en', LANG: 'pl_PL.UTF-8' }, 'en'],
    [undefined, { KLASTER_LANG: 'pl', LC_ALL: 'en_US.UTF-8' }, 'pl'],
    ['en', { KLASTER_LANG: 'pl', LANG: 'pl_PL.UTF-8' }, 'en'],
    ['pl', { LANG: 'en_US.UTF-8' }, 'pl'],
  ])('--lang %s with %j: %s', (option, env, expected) => {
    expect(chosenLanguage(option, env)).toBe(expected);
  });
});
