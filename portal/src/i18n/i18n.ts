/**
 * Language of the portal: Vietnamese by default, English on one click. Messages are i18next resources (one
 * object per language, same keys); dates and money use the browser's Intl with the language's conventions
 * (dd/MM/yyyy and "23.400.000 ₫" in Vietnamese). English is loaded on first use, so the first page (in Vietnamese
 * for most people) does not carry it; boot waits for `i18nReady` when the portal starts in English.
 */
import i18next, { type TFunction } from 'i18next';
import { useEffect, useState } from 'preact/hooks';
import { vi } from './vi.ts';

export type Language = 'vi' | 'en';
const STORAGE_KEY = 'p06.language';

const initial = (): Language => {
  const stored = globalThis.sessionStorage?.getItem(STORAGE_KEY);
  if (stored === 'vi' || stored === 'en') return stored;
  const asked = new URLSearchParams(globalThis.location?.search ?? '').get('lang');
  return asked === 'en' ? 'en' : 'vi';
};

export const i18n = i18next.createInstance();
void i18n.init({
  lng: 'vi',
  fallbackLng: 'vi',
  resources: { vi: { translation: vi } },
  interpolation: { escapeValue: false },
  initAsync: false,
});

const applyDocumentLanguage = (language: Language) => {
  document.documentElement.lang = language;
};
applyDocumentLanguage('vi');

const loadLanguage = async (language: Language) => {
  if (language === 'en' && !i18n.hasResourceBundle('en', 'translation')) {
    const { en } = await import('./en.ts');
    i18n.addResourceBundle('en', 'translation', en);
  }
};

/** The language the portal starts in, loaded and applied. */
export const i18nReady: Promise<void> = (async () => {
  const first = initial();
  if (first === 'vi') return;
  await loadLanguage(first);
  await i18n.changeLanguage(first);
  applyDocumentLanguage(first);
})();

export const language = (): Language => (i18n.language === 'en' ? 'en' : 'vi');

export const setLanguage = async (next: Language) => {
  await loadLanguage(next);
  sessionStorage.setItem(STORAGE_KEY, next);
  await i18n.changeLanguage(next);
  applyDocumentLanguage(next);
};

/** Re-renders the component when the language changes; returns `t` and the language. */
export const useI18n = (): { t: TFunction; lang: Language } => {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    i18n.on('languageChanged', listener);
    return () => i18n.off('languageChanged', listener);
  }, []);
  return { t: i18n.t.bind(i18n), lang: language() };
};

/** A text the API gives in both languages. */
export const pick = (text: { vi: string; en: string } | undefined, lang: Language) => (text ? text[lang] : '');
