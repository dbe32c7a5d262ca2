import { MessageCatalogue, type FormatOptions, type Locale, type Params } from '@klaster/audit';
import en from './en.json';
import pl from './pl.json';

/** The command line's own texts (the findings, acts and replayed state it prints are the audit's: @klaster/audit's catalogue). */
export type CliMessageKey = keyof typeof en;
export const cliMessages = new MessageCatalogue<CliMessageKey>({ pl, en });

let current: Locale = 'en';

/** The language every later `say` speaks (set once, from --lang or the environment, before a command runs). */
export function speak(locale: Locale): void {
  current = locale;
}

export function language(): Locale {
  return current;
}

/** One of the command line's messages in its language. */
export function say(key: CliMessageKey, params?: Params, options?: FormatOptions): string {
  return cliMessages.message(current, key, params, options);
}
