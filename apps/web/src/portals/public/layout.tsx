import { CarOutlined, LogoutOutlined } from '@ant-design/icons';
import { Button, Flex, Grid, Layout, Typography } from 'antd';
import { useIntl } from 'react-intl';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { toAccess } from '../../access.ts';
import { LocaleSwitch } from '../../components/locale-switch.tsx';
import { useLogout, useMe } from '../../features/auth/queries.ts';
import { loginPathOf, loginUrlFor, portalPath } from '../paths.ts';
import { menuRoutes } from '../route-config.ts';
import { publicRoutes } from './routes.tsx';

const contentWidth = 960;

/** Light, mobile-first layout of the public portal: a slim top bar over a centred column. */
export function PublicLayout() {
  const intl = useIntl();
  const screens = Grid.useBreakpoint();
  const location = useLocation();
  const me = useMe();
  const logout = useLogout(
    location.pathname === loginPathOf('public') ? '/' : `${location.pathname}${location.search}`,
  );
  const user = me.data ?? null;
  const links = menuRoutes(publicRoutes, toAccess(user?.permissions));
  const onLoginPage = location.pathname === loginPathOf('public');

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 10,
          borderBottom: '1px solid rgba(5, 5, 5, 0.06)',
          paddingInline: 12,
        }}
      >
        <Flex align="center" gap={8} style={{ maxWidth: contentWidth, margin: '0 auto', height: '100%' }}>
          <Link
            to="/"
            aria-label={intl.formatMessage({ id: 'public.layout.homeLink' })}
            style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0, color: 'inherit' }}
          >
            <CarOutlined style={{ fontSize: 22, color: '#1d5bd8' }} aria-hidden />
            <Typography.Text strong ellipsis style={{ fontSize: 16 }}>
              {intl.formatMessage({ id: 'public.layout.brand' })}
            </Typography.Text>
          </Link>
          {links.length > 1 && screens.md ? (
            <nav style={{ display: 'flex', gap: 16, marginInlineStart: 24 }}>
              {links.map((route) => (
                <NavLink key={route.path} to={portalPath('public', route.path)} end>
                  {intl.formatMessage({ id: route.titleKey })}
                </NavLink>
              ))}
            </nav>
          ) : null}
          <Flex align="center" gap={4} style={{ marginInlineStart: 'auto', flex: 'none' }}>
            <LocaleSwitch compact={!screens.sm} />
            {user ? (
              <>
                <Typography.Text ellipsis style={{ maxWidth: screens.sm ? 160 : 72 }}>
                  {user.displayName}
                </Typography.Text>
                <Button
                  type="text"
                  icon={<LogoutOutlined />}
                  loading={logout.isPending}
                  onClick={() => logout.mutate()}
                  aria-label={intl.formatMessage({ id: 'common.action.logout' })}
                />
              </>
            ) : onLoginPage ? null : (
              <Link
                to={loginUrlFor('public', `${location.pathname}${location.search}`)}
                style={{ paddingInline: 8 }}
              >
                {intl.formatMessage({ id: 'common.action.login' })}
              </Link>
            )}
          </Flex>
        </Flex>
      </Layout.Header>
      <Layout.Content
        style={{ width: '100%', maxWidth: contentWidth, margin: '0 auto', padding: screens.sm ? 24 : 12 }}
      >
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
