import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { it } from './locales/it';

type Dict = { [k: string]: string | Dict };

/** Italian first (the first users are Italian cities), English complete too. */
export const LANGUAGES = ['it', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

function initialLanguage(): Language {
  const saved = localStorage.getItem('lang');
  if (saved === 'it' || saved === 'en') return saved;
  return (navigator.languages ?? [navigator.language]).some((l) => l.toLowerCase().startsWith('it')) ? 'it' : 'en';
}

export function setLanguage(lang: Language): void {
  localStorage.setItem('lang', lang);
  void i18n.changeLanguage(lang);
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en as unknown as Dict }, it: { translation: it as unknown as Dict } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false }, // React escapes
});
document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

export default i18n;
