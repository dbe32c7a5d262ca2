import { IntlMessageFormat } from 'intl-messageformat';
import pl from './pl.json';
import en from './en.json';

/** The languages of the audit's texts; Polish first, as the record's own language. */
export const LOCALES = ['pl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type Texts = Record<Locale, string>;

/** One catalogue of ICU messages per language: the trail's acts, the documents' headings and lines, the auditor's findings. */
const catalogues = { pl, en };

export type MessageKey = keyof typeof pl;
/** A message's arguments: text and numbers as they are, a Date (or epoch milliseconds) for `{x, date, instant}` and `{x, date, day}`. */
export type Params = Record<string, string | number | Date | undefined>;
/** Where a message is read: the time zone its instants are shown in (the cluster's; UTC when none is given). */
export interface FormatOptions {
  timeZone?: string;
}

export function hasMessage(key: string): key is MessageKey {
  return audit.has(key);
}

export function message(locale: Locale, key: MessageKey, params?: Params, options?: FormatOptions): string {
  return audit.message(locale, key, params, options);
}

/**
 * A catalogue of ICU messages in every language, formatted as the audit's own are (the CLI has one of
 * its own). Dates go through two named formats: `instant` (day and time in the time zone given) and
 * `day` (a calendar day, as written: no time zone moves it).
 */
export class MessageCatalogue<Key extends string> {
  /** Compiled messages per language and time zone (no key string built per call: an export formats two per event). */
  private readonly compiled: Record<Locale, Map<string, Map<string, Formatter>>> = { pl: new Map(), en: new Map() };

  constructor(private readonly catalogues: Record<Locale, Record<Key, string>>) {}

  has(key: string): key is Key {
    return Object.prototype.hasOwnProperty.call(this.catalogues.pl, key);
  }

  keys(locale: Locale): string[] {
    return Object.keys(this.catalogues[locale]);
  }

  message(locale: Locale, key: Key, params?: Params, options?: FormatOptions): string {
    const timeZone = options?.timeZone ?? 'UTC';
    let inZone = this.compiled[locale].get(timeZone);
    if (!inZone) this.compiled[locale].set(timeZone, (inZone = new Map()));
    let format = inZone.get(key);
    if (!format) inZone.set(key, (format = compile(this.catalogues[locale][key], locale, timeZone)));
    return format(params ?? {});
  }
}

const audit = new MessageCatalogue<MessageKey>(catalogues);

type Formatter = (params: Params) => string;

/**
 * A message made of text, plain `{name}` arguments and `select`s (every act but a few) is formatted by
 * walking its parsed form, as intl-messageformat does (a missing value reads as nothing; a select
 * without the value's branch takes `other`): an export formats one per event and language, and
 * intl-messageformat's general path cost a third of the export's time. Any other message (plural,
 * number, date) goes through intl-messageformat.
 */
function compile(source: string, locale: Locale, timeZone: string): Formatter {
  const format = new IntlMessageFormat(source, locale, messageFormats(timeZone));
  const elements = format.getAst();
  if (!walkable(elements)) return (params) => String(format.format(params));
  return (params) => walk(elements, params);
}

/** The named date formats of every catalogue's messages: `instant` in the time zone given, `day` as the day written. */
export function messageFormats(timeZone: string): ConstructorParameters<typeof IntlMessageFormat>[2] {
  return {
    date: {
      instant: { dateStyle: 'medium', timeStyle: 'short', timeZone },
      day: { dateStyle: 'medium', timeZone: 'UTC' },
    },
  } as ConstructorParameters<typeof IntlMessageFormat>[2];
}

type Element = ReturnType<IntlMessageFormat['getAst']>[number];

/** The element kinds of intl-messageformat's parsed messages (its parser's TYPE; the catalogue spec compares every message's text with intl-messageformat's). */
const TYPE = { literal: 0, argument: 1, select: 5 } as const;

function walkable(elements: Element[]): boolean {
  return elements.every(
    (e) => e.type === TYPE.literal || e.type === TYPE.argument || (e.type === TYPE.select && Object.values(e.options).every((o) => walkable(o.value))),
  );
}

function walk(elements: Element[], params: Params): string {
  let text = '';
  for (const e of elements) {
    if (e.type === TYPE.literal) text += e.value;
    else if (e.type === TYPE.argument) {
      const value = params[e.value];
      if (typeof value === 'string' || typeof value === 'number') text += String(value);
    } else if (e.type === TYPE.select) {
      const option = e.options[String(params[e.value])] ?? e.options.other;
      if (!option) throw new Error(`No "other" branch in the select of "${e.value}"`);
      text += walk(option.value, params);
    }
  }
  return text;
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
