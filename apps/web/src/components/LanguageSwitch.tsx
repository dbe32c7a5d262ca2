import { SegmentedControl } from '@mantine/core';
import { setLocale, useLocale, type Locale } from '../lib/i18n/locale';
import { useT } from '../lib/i18n/use-t';

/** Polski / English, remembered in this browser. */
export function LanguageSwitch() {
  const t = useT();
  const locale = useLocale();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('app.language')}
      value={locale}
      onChange={(v) => setLocale(v as Locale)}
      data={[
        { value: 'pl', label: 'PL' },
        { value: 'en', label: 'EN' },
      ]}
      data-testid="language"
    />
  );
}
