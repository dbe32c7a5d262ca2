import { useSyncExternalStore } from 'react';

/** Polish by default; English when chosen, remembered in this browser. */
export const locales = ['pl', 'en'] as const;
export type Locale = (typeof locales)[number];

const KEY = 'klaster.locale';
const listeners = new Set<() => void>();
let current: Locale = localStorage.getItem(KEY) === 'en' ? 'en' : 'pl';

export function setLocale(locale: Locale): void {
  localStorage.setItem(KEY, locale);
  current = locale;
  listeners.forEach((l) => l());
}

export function useLocale(): Locale {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}
