import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useIntl } from 'react-intl';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { canUsePortal } from '../../../access.ts';
import { isApiError } from '../../../api/http.ts';
import type { Portal } from '../../../api/types.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { errorTextOf } from '../../../i18n/error-text.ts';
import type { MessageId } from '../../../i18n/index.ts';
import { afterLoginPath, loginPathOf } from '../../../portals/paths.ts';
import { portalBrandId, portalNameId } from '../labels.ts';
import { useLogin, useMe } from '../queries.ts';

// The same limits as the server's login schema.
const usernameMaxLength = 64;
const passwordMaxLength = 256;

const portals: readonly Portal[] = ['public', 'school', 'regulator'];

type LoginValues = { username: string; password: string };

type LoginPanelProps = {
  portal: Portal;
  titleKey: MessageId;
  subtitleKey: MessageId;
};

function portalOfDetails(details: unknown): Portal | undefined {
  const portal =
    typeof details === 'object' && details !== null ? (details as { portal?: unknown }).portal : undefined;
  return portal === 'public' || portal === 'school' || portal === 'regulator' ? portal : undefined;
}

function LoginError({ error }: { error: unknown }) {
  const intl = useIntl();
  const rightPortal =
    isApiError(error) && error.code === 'auth.wrong_portal' ? portalOfDetails(error.details) : undefined;
  if (rightPortal) {
    const name = intl.formatMessage({ id: portalNameId(rightPortal) });
    return (
      <Alert
        type="warning"
        showIcon
        title={intl.formatMessage({ id: 'errors.auth.wrong_portal_named' }, { portal: name })}
        action={
          <Link to={loginPathOf(rightPortal)}>
            {intl.formatMessage({ id: 'common.login.goToPortal' }, { portal: name })}
          </Link>
        }
      />
    );
  }
  return <Alert type="error" showIcon title={errorTextOf(error, intl)} />;
}

/** Username and password form of a portal; after logging in it opens the page the user came for. */
export function LoginPanel({ portal, titleKey, subtitleKey }: LoginPanelProps) {
  const intl = useIntl();
  useDocumentTitle(titleKey, portalBrandId(portal));
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const me = useMe();
  const login = useLogin(portal);
  const target = afterLoginPath(portal, params.get('redirect'));

  if (me.data && canUsePortal(me.data, portal) && !login.isPending) {
    return <Navigate to={target} replace />;
  }

  const onFinish = (values: LoginValues) => {
    login.mutate(
      { username: values.username.trim(), password: values.password },
      { onSuccess: () => void navigate(target, { replace: true }) },
    );
  };

  const otherPortals = portals.filter((p) => p !== portal);

  return (
    <Card style={{ width: '100%', maxWidth: 400 }} styles={{ body: { padding: '28px 24px' } }}>
      <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
        {intl.formatMessage({ id: titleKey })}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 20 }}>
        {intl.formatMessage({ id: subtitleKey })}
      </Typography.Paragraph>
      {login.isError ? (
        <div style={{ marginBottom: 16 }}>
          <LoginError error={login.error} />
        </div>
      ) : null}
      <Form<LoginValues> name={`${portal}-login`} layout="vertical" requiredMark={false} onFinish={onFinish}>
        <Form.Item
          label={intl.formatMessage({ id: 'common.login.username' })}
          name="username"
          rules={[
            {
              required: true,
              whitespace: true,
              message: intl.formatMessage({ id: 'common.login.usernameRequired' }),
            },
          ]}
        >
          <Input
            size="large"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={usernameMaxLength}
            prefix={<UserOutlined aria-hidden />}
          />
        </Form.Item>
        <Form.Item
          label={intl.formatMessage({ id: 'common.login.password' })}
          name="password"
          rules={[{ required: true, message: intl.formatMessage({ id: 'common.login.passwordRequired' }) }]}
        >
          <Input.Password
            size="large"
            autoComplete="current-password"
            maxLength={passwordMaxLength}
            prefix={<LockOutlined aria-hidden />}
          />
        </Form.Item>
        <Form.Item style={{ marginBottom: 12 }}>
          <Button type="primary" htmlType="submit" size="large" block loading={login.isPending}>
            {intl.formatMessage({ id: 'common.login.submit' })}
          </Button>
        </Form.Item>
      </Form>
      <Flex gap={12} justify="center" wrap>
        <Typography.Text type="secondary">
          {intl.formatMessage({ id: 'common.login.otherPortals' })}
        </Typography.Text>
        {otherPortals.map((p) => (
          <Link key={p} to={loginPathOf(p)}>
            {intl.formatMessage({ id: portalNameId(p) })}
          </Link>
        ))}
      </Flex>
    </Card>
  );
}
