import { DashboardOutlined } from '@ant-design/icons';
import type { PortalRoute } from '../route-config.ts';
import { OverviewPage } from './pages/overview/index.tsx';

/** Pages of the regulator portal, relative to /regulator. The side menu is derived from this list. */
export const regulatorRoutes: readonly PortalRoute[] = [
  {
    path: '',
    element: <OverviewPage />,
    titleKey: 'regulator.overview.title',
    icon: <DashboardOutlined />,
    access: 'canSeeRegulatorOverview',
  },
];
