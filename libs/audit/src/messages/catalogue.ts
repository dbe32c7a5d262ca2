import { IntlMessageFormat } from 'intl-messageformat';
import pl from './pl.json';
import en from './en.json';

/** The languages of the audit's texts; Polish first, as the record's own language. */
export const LOCALES = ['pl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type Texts = Record<Locale, string>;

/** One catalogue of ICU messages per language: the trail's acts, the documents' headings and lines. */
const catalogues: Record<Locale, Record<string, string>> = { pl, en };
const compiled = new Map<string, IntlMessageFormat>();

export type MessageKey = keyof typeof pl;
export type Params = Record<string, string | number>;

export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(pl, key);
}

/** Messages without parameters (an aggregate's name, "system"), formatted once: an export asks for them at every event. */
const constant = new Map<string, string>();

export function message(locale: Locale, key: MessageKey, params?: Params): string {
  const id = `${locale}\u0000${key}`;
  if (params === undefined) {
    let plain = constant.get(id);
    if (plain === undefined) constant.set(id, (plain = String(compiledFor(id, locale, key).format({}))));
    return plain;
  }
  // The same act with the same facts (a member's ballot, an attendance) recurs across a log: formatting
  // it once is most of an export's cost per event, so recent texts are kept (bounded).
  let memoKey = id;
  for (const name in params) memoKey += `\u0001${name}\u0002${params[name]}`;
  let text = recent.get(memoKey);
  if (text === undefined) {
    text = String(compiledFor(id, locale, key).format(params));
    if (recent.size >= RECENT_TEXTS) recent.clear();
    recent.set(memoKey, text);
  }
  return text;
}

const RECENT_TEXTS = 50_000;
const recent = new Map<string, string>();

function compiledFor(id: string, locale: Locale, key: MessageKey): IntlMessageFormat {
  let format = compiled.get(id);
  if (!format) compiled.set(id, (format = new IntlMessageFormat(catalogues[locale][key], locale)));
  return format;
}

/** The same message in every language. */
export function inEveryLanguage(key: MessageKey, params?: Params): Texts {
  return { pl: message('pl', key, params), en: message('en', key, params) };
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** An instant as people of that language read it, in the cluster's time zone ("14.03.2024, 11:00"). */
export function formatInstant(instant: string, locale: Locale, timeZone: string, dateOnly = false): string {
  const id = `${locale}|${timeZone}|${dateOnly}`;
  let format = dateTimeFormats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'pl' ? 'pl-PL' : 'en-GB', { timeZone, dateStyle: 'medium', ...(dateOnly ? {} : { timeStyle: 'short' }) });
    dateTimeFormats.set(id, format);
  }
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? instant : format.format(date);
}
