import { createIntl } from 'react-intl';
import { describe, expect, it } from 'vitest';
import { defaultLocale, locales, messagesByLocale, namespaces } from './index.ts';
import type { Locale } from './index.ts';

type Catalog = Record<string, unknown>;

// Every catalog file, keyed by './<locale>/<namespace>.json'.
const files = import.meta.glob<Catalog>('./*/*.json', { eager: true, import: 'default' });

function catalogOf(locale: string, namespace: string): Catalog | undefined {
  return files[`./${locale}/${namespace}.json`];
}

/** Argument names used by an ICU message, e.g. {total} and the plural's `count`. */
function argumentsOf(message: string, locale: Locale): string[] {
  const intl = createIntl({ locale, messages: messagesByLocale[locale] });
  const ast: unknown = intl.formatters.getMessageFormat(message, locale).getAst();
  const names = new Set<string>();
  const walk = (nodes: unknown): void => {
    if (!Array.isArray(nodes)) {
      return;
    }
    for (const node of nodes as {
      type: number;
      value?: unknown;
      options?: Record<string, { value: unknown }>;
      children?: unknown;
    }[]) {
      // 0 literal and 7 pound carry no argument name; every other element type names one.
      if (node.type !== 0 && node.type !== 7 && typeof node.value === 'string') {
        names.add(node.value);
      }
      for (const option of Object.values(node.options ?? {})) {
        walk(option.value);
      }
      walk(node.children);
    }
  };
  walk(ast);
  return [...names].sort();
}

describe('message catalogs', () => {
  it('has one file per locale and namespace, and no others', () => {
    const expected = locales.flatMap((locale) => namespaces.map((ns) => `./${locale}/${ns}.json`)).sort();

    expect(Object.keys(files).sort()).toEqual(expected);
  });

  describe.each(namespaces)('namespace %s', (namespace) => {
    const source = catalogOf(defaultLocale, namespace) ?? {};
    const sourceKeys = Object.keys(source).sort();

    it('names every zh-CN key after its namespace', () => {
      const misplaced = sourceKeys.filter((key) => !key.startsWith(`${namespace}.`));

      expect(misplaced).toEqual([]);
    });

    const otherLocales = locales.filter((l) => l !== defaultLocale);

    it.each(otherLocales)('%s lacks no zh-CN key', (locale) => {
      const keys = Object.keys(catalogOf(locale, namespace) ?? {});

      expect(sourceKeys.filter((key) => !keys.includes(key))).toEqual([]);
    });

    it.each(otherLocales)('%s has no key that zh-CN lacks', (locale) => {
      const keys = Object.keys(catalogOf(locale, namespace) ?? {});

      expect(keys.filter((key) => !sourceKeys.includes(key))).toEqual([]);
    });

    it.each(locales)('%s has no empty or non-string messages', (locale) => {
      const bad = Object.entries(catalogOf(locale, namespace) ?? {})
        .filter(([, value]) => typeof value !== 'string' || value.trim() === '')
        .map(([key]) => key);

      expect(bad).toEqual([]);
    });

    it.each(otherLocales)('%s uses the same ICU arguments as zh-CN', (locale) => {
      const catalog = catalogOf(locale, namespace) ?? {};
      const mismatched = sourceKeys.filter((key) => {
        const target = catalog[key];
        const original = source[key];
        if (typeof target !== 'string' || typeof original !== 'string') {
          return false;
        }
        return argumentsOf(target, locale).join() !== argumentsOf(original, defaultLocale).join();
      });

      expect(mismatched).toEqual([]);
    });
  });
});
