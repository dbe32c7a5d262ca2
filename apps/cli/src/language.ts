import type { Locale } from '@klaster/audit';

export const LANGUAGE_OPTION_VALUES: Locale[] = ['pl', 'en'];

/**
 * The language to print in: --lang when given; else KLASTER_LANG; else the POSIX locale for messages
 * (the first of LC_ALL, LC_MESSAGES, LANG that is set) — Polish when it starts with `pl`; else English.
 */
export function chosenLanguage(option: string | undefined, env: NodeJS.ProcessEnv): Locale {
  if (option === 'pl' || option === 'en') return option;
  const explicit = env.KLASTER_LANG?.trim().toLowerCase();
  if (explicit) return explicit.startsWith('pl') ? 'pl' : 'en';
  const posix = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value && value.trim() !== '');
  return posix?.trim().toLowerCase().startsWith('pl') ? 'pl' : 'en';
}
