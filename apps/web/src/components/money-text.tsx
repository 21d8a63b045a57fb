import { useIntl } from 'react-intl';

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(locale: string): Intl.NumberFormat {
  let formatter = formatters.get(locale);
  if (!formatter) {
    // narrowSymbol keeps "¥" in every locale (en-US would otherwise print "CN¥").
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: 'CNY',
      currencyDisplay: 'narrowSymbol',
    });
    formatters.set(locale, formatter);
  }
  return formatter;
}

/**
 * Formats an amount in 分 (integer fen) as yuan: 123456 -> "¥1,234.56". The decimal is built from
 * the integer digits, not by dividing by 100, so large amounts never pick up floating-point error.
 */
export function formatFen(amountFen: number, locale = 'zh-CN'): string {
  if (!Number.isSafeInteger(amountFen)) {
    throw new RangeError(`amountFen must be a safe integer, got ${amountFen}`);
  }
  const sign = amountFen < 0 ? '-' : '';
  const abs = Math.abs(amountFen);
  const yuan = Math.trunc(abs / 100);
  const fen = abs % 100;
  const decimal = `${sign}${yuan}.${String(fen).padStart(2, '0')}` as `${number}`;
  return formatterFor(locale).format(decimal);
}

type MoneyTextProps = {
  amountFen: number | null | undefined;
  className?: string;
  strong?: boolean;
};

/** Money in every portal: integer 分 in, "¥1,234.00" out; an unknown amount shows as a dash. */
export function MoneyText({ amountFen, className, strong = false }: MoneyTextProps) {
  const intl = useIntl();
  const text =
    amountFen === null || amountFen === undefined
      ? intl.formatMessage({ id: 'common.value.none' })
      : formatFen(amountFen, intl.locale);
  const style = { fontVariantNumeric: 'tabular-nums' as const, fontWeight: strong ? 600 : undefined };
  return (
    <span className={className} style={style}>
      {text}
    </span>
  );
}
