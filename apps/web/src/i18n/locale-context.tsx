import { createContext, use } from 'react';
import type { Locale } from './index.ts';

export type LocaleContextValue = { locale: Locale; setLocale: (locale: Locale) => void };

export const LocaleContext = createContext<LocaleContextValue | null>(null);

export function useLocale(): LocaleContextValue {
  const value = use(LocaleContext);
  if (!value) {
    throw new Error('useLocale must be used inside <LocaleContext>');
  }
  return value;
}
