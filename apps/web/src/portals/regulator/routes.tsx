import { AuditOutlined, CommentOutlined, DashboardOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { lazy, Suspense } from 'react';
import { PageLoading } from '../../components/page-loading.tsx';
import type { PortalRoute } from '../route-config.ts';
import { RegulatorAppealsPage } from './pages/appeals/index.tsx';
import { OverviewPage } from './pages/overview/index.tsx';
import { StageReviewPage } from './pages/stage-review/index.tsx';

// Leaflet and its CSS ride only with this page.
const LiveMapPage = lazy(() => import('./pages/live-map/index.tsx'));

/** Pages of the regulator portal, relative to /regulator. The side menu is derived from this list. */
export const regulatorRoutes: readonly PortalRoute[] = [
  {
    path: '',
    element: <OverviewPage />,
    titleKey: 'regulator.overview.title',
    icon: <DashboardOutlined />,
    access: 'canSeeRegulatorOverview',
  },
  {
    path: 'live',
    element: (
      <Suspense fallback={<PageLoading />}>
        <LiveMapPage />
      </Suspense>
    ),
    titleKey: 'regulator.live.title',
    icon: <EnvironmentOutlined />,
    access: 'canSeeLiveMonitoring',
  },
  {
    path: 'stage-review',
    element: <StageReviewPage />,
    titleKey: 'regulator.stageReview.title',
    icon: <AuditOutlined />,
    access: 'canReadRegulatorTraining',
  },
  {
    path: 'appeals',
    element: <RegulatorAppealsPage />,
    titleKey: 'regulator.appeals.title',
    icon: <CommentOutlined />,
    access: 'canReadRegulatorTraining',
  },
];
