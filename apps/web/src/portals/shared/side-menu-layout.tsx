import { LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Drawer, Flex, Grid, Layout, Menu, Tag, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { Outlet, useLocation, useNavigate } from 'react-router';
import type { Portal } from '../../api/types.ts';
import { LocaleSwitch } from '../../components/locale-switch.tsx';
import { portalBrandId, roleLabelId } from '../../features/auth/labels.ts';
import { useLogout } from '../../features/auth/queries.ts';
import { useSession } from '../../features/auth/session-context.tsx';
import { loginPathOf, portalPath } from '../paths.ts';
import { menuRoutes, selectedMenuKey } from '../route-config.ts';
import type { PortalRoute } from '../route-config.ts';

type SideMenuLayoutProps = {
  portal: Exclude<Portal, 'public'>;
  routes: readonly PortalRoute[];
  /** The school or region the user works for, shown beside their name. */
  orgName?: string | undefined;
};

const siderWidth = 220;

/**
 * Layout of the school and regulator portals: the menu comes from the route table (filtered by
 * access) and sits in a fixed side bar on wide screens, in a drawer behind a header button on phones.
 */
export function SideMenuLayout({ portal, routes, orgName }: SideMenuLayoutProps) {
  const intl = useIntl();
  const { me, access } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const isWide = screens.lg === true;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const logout = useLogout(loginPathOf(portal));

  const items = menuRoutes(routes, access).map((route) => ({
    key: portalPath(portal, route.path),
    icon: route.icon,
    label: intl.formatMessage({ id: route.titleKey }),
  }));
  const selected = selectedMenuKey(
    location.pathname,
    items.map((item) => item.key),
  );
  const onMenuClick: MenuProps['onClick'] = ({ key }) => {
    setDrawerOpen(false);
    void navigate(key);
  };

  const brand = intl.formatMessage({ id: portalBrandId(portal) });
  const logoutLabel = intl.formatMessage({ id: 'common.action.logout' });
  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected] : []}
      onClick={onMenuClick}
    />
  );
  const brandBlock = (
    <div style={{ color: '#fff', fontWeight: 600, fontSize: 16, padding: '18px 20px', whiteSpace: 'nowrap' }}>
      {brand}
    </div>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isWide ? (
        <Layout.Sider
          width={siderWidth}
          style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          {brandBlock}
          {menu}
        </Layout.Sider>
      ) : (
        <Drawer
          placement="left"
          size={siderWidth}
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' } }}
        >
          {brandBlock}
          {menu}
        </Drawer>
      )}
      <Layout>
        <Layout.Header
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            borderBottom: '1px solid rgba(5, 5, 5, 0.06)',
            paddingInline: isWide ? 24 : 8,
          }}
        >
          {isWide ? null : (
            <>
              <Button
                type="text"
                icon={<MenuOutlined />}
                aria-label={intl.formatMessage({ id: 'common.menu.open' })}
                aria-expanded={drawerOpen}
                onClick={() => setDrawerOpen(true)}
              />
              <Typography.Text strong ellipsis style={{ minWidth: 0 }}>
                {brand}
              </Typography.Text>
            </>
          )}
          <Flex align="center" gap={8} style={{ marginInlineStart: 'auto', minWidth: 0 }}>
            <Avatar size="small" icon={<UserOutlined />} style={{ flex: 'none' }} />
            <Typography.Text strong ellipsis style={{ maxWidth: 160 }}>
              {me.displayName}
            </Typography.Text>
            {screens.sm ? (
              <Tag style={{ marginInlineEnd: 0 }}>{intl.formatMessage({ id: roleLabelId(me.role) })}</Tag>
            ) : null}
            {orgName && screens.md ? (
              <Typography.Text type="secondary" ellipsis style={{ maxWidth: 240 }}>
                {orgName}
              </Typography.Text>
            ) : null}
          </Flex>
          <LocaleSwitch compact={!screens.sm} />
          <Button
            type="text"
            icon={<LogoutOutlined />}
            loading={logout.isPending}
            onClick={() => logout.mutate()}
            aria-label={screens.sm ? undefined : logoutLabel}
          >
            {screens.sm ? logoutLabel : null}
          </Button>
        </Layout.Header>
        <Layout.Content style={{ padding: isWide ? 24 : 12, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
