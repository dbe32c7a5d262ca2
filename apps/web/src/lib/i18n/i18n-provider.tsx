import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import pl from '../../messages/pl.json';
import { useLocale, type Locale } from './locale';

export type MessageId = keyof typeof pl;
type Catalogue = Record<MessageId, string>;

/** The cluster's own time zone: every date and time is shown there (the charter may name one later). */
export const DEFAULT_TIME_ZONE = 'Europe/Warsaw';
const TimeZoneContext = createContext<(tz: string) => void>(() => undefined);

/** Polish ships with the page; English is fetched (a separate chunk) the first time it is chosen. */
const load: Record<Locale, () => Promise<Catalogue>> = {
  pl: async () => pl,
  en: async () => (await import('../../messages/en.json')).default as Catalogue,
};

export function I18nProvider({ children }: { children: ReactNode }) {
  const locale = useLocale();
  const [catalogue, setCatalogue] = useState<{ locale: Locale; messages: Catalogue }>({ locale: 'pl', messages: pl });
  const [timeZone, setTimeZone] = useState(DEFAULT_TIME_ZONE);
  useEffect(() => {
    let live = true;
    void load[locale]().then((messages) => live && setCatalogue({ locale, messages }));
    return () => {
      live = false;
    };
  }, [locale]);
  useEffect(() => {
    document.documentElement.lang = catalogue.locale;
  }, [catalogue.locale]);
  return (
    <TimeZoneContext.Provider value={setTimeZone}>
      <IntlProvider locale={catalogue.locale} messages={catalogue.messages} defaultLocale="pl" timeZone={timeZone}>
        {children}
      </IntlProvider>
    </TimeZoneContext.Provider>
  );
}

/** A screen of a cluster sets its time zone while shown. */
export function useClusterTimeZone(timeZone: string | undefined): void {
  const set = useContext(TimeZoneContext);
  useEffect(() => set(timeZone ?? DEFAULT_TIME_ZONE), [set, timeZone]);
}
