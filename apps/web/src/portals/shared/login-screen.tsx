import { Flex, Typography } from 'antd';
import { useIntl } from 'react-intl';
import type { Portal } from '../../api/types.ts';
import { LocaleSwitch } from '../../components/locale-switch.tsx';
import { LoginPanel } from '../../features/auth/components/login-panel.tsx';
import { portalBrandId } from '../../features/auth/labels.ts';
import type { MessageId } from '../../i18n/index.ts';

type LoginScreenProps = {
  portal: Exclude<Portal, 'public'>;
  titleKey: MessageId;
  subtitleKey: MessageId;
};

/** Full-screen login of the school and regulator portals: brand and language on top, form in the middle. */
export function LoginScreen({ portal, titleKey, subtitleKey }: LoginScreenProps) {
  const intl = useIntl();
  return (
    <Flex
      vertical
      style={{ minHeight: '100vh', background: 'linear-gradient(160deg, #e6efff 0%, #f5f7fa 55%)' }}
    >
      <Flex justify="space-between" align="center" style={{ padding: '12px 16px' }}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {intl.formatMessage({ id: portalBrandId(portal) })}
        </Typography.Text>
        <LocaleSwitch />
      </Flex>
      <Flex flex={1} align="center" justify="center" style={{ padding: '16px 16px 64px' }}>
        <LoginPanel portal={portal} titleKey={titleKey} subtitleKey={subtitleKey} />
      </Flex>
    </Flex>
  );
}
