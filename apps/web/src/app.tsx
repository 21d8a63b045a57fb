import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import type { ConfigProviderProps } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { ComponentType, LazyExoticComponent } from 'react';
import { IntlProvider } from 'react-intl';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { isApiError } from './api/http.ts';
import { PageLoading } from './components/page-loading.tsx';
import { defaultLocale, messagesByLocale, readStoredLocale, storeLocale } from './i18n/index.ts';
import type { Locale } from './i18n/index.ts';
import { LocaleContext } from './i18n/locale-context.tsx';
import { themeConfig } from './theme.ts';

const antdLocales: Readonly<Record<Locale, NonNullable<ConfigProviderProps['locale']>>> = {
  'zh-CN': zhCN,
  'en-US': enUS,
};

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A 4xx will not change on retry; network and server errors get two more tries.
      retry: (failureCount, error) =>
        !(isApiError(error) && error.status >= 400 && error.status < 500) && failureCount < 2,
    },
  },
});

// Each portal is its own chunk: the public page never downloads the school or regulator code.
const PublicPortal = lazy(() => import('./portals/public/portal.tsx'));
const SchoolPortal = lazy(() => import('./portals/school/portal.tsx'));
const RegulatorPortal = lazy(() => import('./portals/regulator/portal.tsx'));

function portalElement(Portal: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<PageLoading fullScreen />}>
      <Portal />
    </Suspense>
  );
}

const router = createBrowserRouter([
  { path: '/school/*', element: portalElement(SchoolPortal) },
  { path: '/regulator/*', element: portalElement(RegulatorPortal) },
  { path: '/*', element: portalElement(PublicPortal) },
]);

/** Providers, outermost first: locale, messages, antd theme and locale, antd App, server state, router. */
export function App() {
  const [locale, setLocaleState] = useState<Locale>(readStoredLocale);
  const setLocale = useCallback((next: Locale) => {
    storeLocale(next);
    setLocaleState(next);
  }, []);
  const localeContext = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  return (
    <LocaleContext value={localeContext}>
      <IntlProvider locale={locale} defaultLocale={defaultLocale} messages={messagesByLocale[locale]}>
        <ConfigProvider locale={antdLocales[locale]} theme={themeConfig} button={{ autoInsertSpace: false }}>
          <AntApp>
            <QueryClientProvider client={queryClient}>
              <RouterProvider router={router} />
            </QueryClientProvider>
          </AntApp>
        </ConfigProvider>
      </IntlProvider>
    </LocaleContext>
  );
}
