import { Flex } from 'antd';
import { LoginPanel } from '../../../../features/auth/components/login-panel.tsx';

export function LoginPage() {
  return (
    <Flex justify="center" style={{ paddingBlock: 24 }}>
      <LoginPanel portal="public" titleKey="public.login.title" subtitleKey="public.login.subtitle" />
    </Flex>
  );
}
