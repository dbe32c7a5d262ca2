import { IntlMessageFormat } from 'intl-messageformat';
import pl from './pl.json';
import en from './en.json';

/** The languages of the audit's texts; Polish first, as the record's own language. */
export const LOCALES = ['pl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type Texts = Record<Locale, string>;

/** One catalogue of ICU messages per language: the trail's acts, the documents' headings and lines. */
const catalogues: Record<Locale, Record<string, string>> = { pl, en };

export type MessageKey = keyof typeof pl;
export type Params = Record<string, string | number>;

export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(pl, key);
}

export function message(locale: Locale, key: MessageKey, params?: Params): string {
  let format = compiled[locale].get(key);
  if (!format) compiled[locale].set(key, (format = compile(catalogues[locale][key], locale)));
  return format(params ?? {});
}

type Formatter = (params: Params) => string;
/** Compiled messages per language (one map each: an export formats two per event, no key to build per call). */
const compiled: Record<Locale, Map<string, Formatter>> = { pl: new Map(), en: new Map() };

/**
 * A message made of text, plain `{name}` arguments and `select`s (every act but a few) is formatted by
 * walking its parsed form, as intl-messageformat does (a missing value reads as nothing; a select
 * without the value's branch takes `other`): an export formats one per event and language, and
 * intl-messageformat's general path cost a third of the export's time. Any other message (plural,
 * number, date) goes through intl-messageformat.
 */
function compile(source: string, locale: Locale): Formatter {
  const format = new IntlMessageFormat(source, locale);
  const elements = format.getAst();
  if (!walkable(elements)) return (params) => String(format.format(params));
  return (params) => walk(elements, params);
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
