import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import type { MenuProps } from 'antd';
import { useIntl } from 'react-intl';
import { isLocale, locales } from '../i18n/index.ts';
import type { Locale } from '../i18n/index.ts';
import { useLocale } from '../i18n/locale-context.tsx';

const localeLabelIds = {
  'zh-CN': 'common.locale.zhCN',
  'en-US': 'common.locale.enUS',
} as const satisfies Record<Locale, string>;

type LocaleSwitchProps = { className?: string; /** Icon only, for narrow headers. */ compact?: boolean };

/** Language menu for every portal header; the choice is stored on this device. */
export function LocaleSwitch({ className, compact = false }: LocaleSwitchProps) {
  const intl = useIntl();
  const { locale, setLocale } = useLocale();
  const items: MenuProps['items'] = locales.map((l) => ({
    key: l,
    label: <span lang={l}>{intl.formatMessage({ id: localeLabelIds[l] })}</span>,
  }));
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (isLocale(key)) {
      setLocale(key);
    }
  };
  return (
    <Dropdown menu={{ items, selectable: true, selectedKeys: [locale], onClick }} trigger={['click']}>
      <Button
        className={className}
        type="text"
        icon={<GlobalOutlined />}
        aria-label={intl.formatMessage({ id: 'common.locale.label' })}
      >
        {compact ? null : <span lang={locale}>{intl.formatMessage({ id: localeLabelIds[locale] })}</span>}
      </Button>
    </Dropdown>
  );
}
