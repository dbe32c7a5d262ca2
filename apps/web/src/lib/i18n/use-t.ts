import { useIntl } from 'react-intl';
import type { MessageId } from './i18n-provider';

type Values = Record<string, string | number | boolean | null | undefined | Date>;

/** The translation of a catalogue message (ICU: plurals, selects, numbers in the chosen locale). */
export function useT() {
  const intl = useIntl();
  return (id: MessageId, values?: Values) => intl.formatMessage({ id }, values as never) as string;
}

/** Dates, times and numbers in the chosen locale and the cluster's time zone. */
export function useFormat() {
  const intl = useIntl();
  return {
    /** A calendar date (YYYY-MM-DD) is a day, not an instant: shown as that day wherever you are. */
    day: (date: string) => intl.formatDate(`${date.slice(0, 10)}T12:00:00Z`, { dateStyle: 'long', timeZone: 'UTC' }),
    /** The day of an instant, in the cluster's time zone. */
    date: (instant: string) => intl.formatDate(instant, { dateStyle: 'long' }),
    /** An instant, in the cluster's time zone. */
    dateTime: (instant: string) => intl.formatDate(instant, { dateStyle: 'medium', timeStyle: 'short' }),
    time: (instant: string) => intl.formatTime(instant, { timeStyle: 'medium' }),
    number: (n: number) => intl.formatNumber(n),
    percent: (n: number) => intl.formatNumber(n, { style: 'percent', maximumFractionDigits: 1 }),
    list: (items: string[]) => intl.formatList(items, { type: 'conjunction' }),
  };
}
