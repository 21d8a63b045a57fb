import {
  AlertOutlined,
  AuditOutlined,
  CalendarOutlined,
  ContainerOutlined,
  CommentOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  EyeInvisibleOutlined,
  FileTextOutlined,
  MessageOutlined,
  ReadOutlined,
  FileSearchOutlined,
  FlagOutlined,
  SafetyCertificateOutlined,
  TableOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { lazy, Suspense } from 'react';
import { PageLoading } from '../../components/page-loading.tsx';
import type { PortalRoute } from '../route-config.ts';
import { AnomaliesPage } from './pages/anomalies/index.tsx';
import { RegulatorAppealsPage } from './pages/appeals/index.tsx';
import { CalendarPage } from './pages/calendar/index.tsx';
import { RegulatorComplaintsPage } from './pages/complaints/index.tsx';
import { ContentPage } from './pages/content/index.tsx';
import { ContractTemplatesPage } from './pages/contract-templates/index.tsx';
import { EscrowPage } from './pages/escrow/index.tsx';
import { KeySupervisionPage } from './pages/key-supervision/index.tsx';
import { ModerationPage } from './pages/moderation/index.tsx';
import { MonthlyReportPage } from './pages/monthly-report/index.tsx';
import { OverviewPage } from './pages/overview/index.tsx';
import { ReviewQueuePage } from './pages/review/index.tsx';
import { StageReviewPage } from './pages/stage-review/index.tsx';
import { SupervisionActionsPage } from './pages/supervision-actions/index.tsx';
import { RegulatorWorkOrdersPage } from './pages/work-orders/index.tsx';

// Leaflet and its CSS ride only with this page.
const LiveMapPage = lazy(() => import('./pages/live-map/index.tsx'));
// The review workspace brings Leaflet and ECharts; only it loads them.
const ReviewWorkspacePage = lazy(() => import('./pages/review/workspace.tsx'));

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
    path: 'anomalies',
    element: <AnomaliesPage />,
    titleKey: 'anomaly.title',
    icon: <WarningOutlined />,
    access: 'canReadAnomalies',
  },
  {
    path: 'stage-review',
    element: <StageReviewPage />,
    titleKey: 'regulator.stageReview.title',
    icon: <AuditOutlined />,
    access: 'canReadRegulatorTraining',
  },
  {
    path: 'reviews',
    element: <ReviewQueuePage />,
    titleKey: 'review.title',
    icon: <FileSearchOutlined />,
    access: 'canReviewSessions',
  },
  {
    path: 'reviews/:id',
    element: (
      <Suspense fallback={<PageLoading />}>
        <ReviewWorkspacePage />
      </Suspense>
    ),
    titleKey: 'review.workspace.title',
    access: 'canReviewSessions',
    hideInMenu: true,
  },
  {
    path: 'appeals',
    element: <RegulatorAppealsPage />,
    titleKey: 'regulator.appeals.title',
    icon: <CommentOutlined />,
    access: 'canReadRegulatorTraining',
  },

  {
    path: 'work-orders',
    element: <RegulatorWorkOrdersPage />,
    titleKey: 'workorders.regulator.title',
    icon: <ContainerOutlined />,
    access: 'canHandleWorkOrders',
  },
  {
    path: 'key-supervision',
    element: <KeySupervisionPage />,
    titleKey: 'sanctions.page.keySupervision',
    icon: <AlertOutlined />,
    access: 'canReadRegulatorSchools',
  },
  {
    path: 'supervision-actions',
    element: <SupervisionActionsPage />,
    titleKey: 'sanctions.page.actions',
    icon: <FlagOutlined />,
    access: 'canRecordSupervisionActions',
  },
  {
    path: 'escrow',
    element: <EscrowPage />,
    titleKey: 'regulator.escrow.title',
    icon: <SafetyCertificateOutlined />,
    access: 'canReadEscrowOverview',
  },
  {
    path: 'contract-templates',
    element: <ContractTemplatesPage />,
    titleKey: 'regulator.templates.title',
    icon: <FileTextOutlined />,
    access: 'canReadContractTemplates',
  },
  {
    path: 'complaints',
    element: <RegulatorComplaintsPage />,
    titleKey: 'regulator.complaints.title',
    icon: <MessageOutlined />,
    access: 'canReadRegulatorComplaints',
  },
  {
    path: 'moderation',
    element: <ModerationPage />,
    titleKey: 'regulator.moderation.title',
    icon: <EyeInvisibleOutlined />,
    access: 'canModerateEvaluations',
  },
  {
    path: 'monthly-report',
    element: <MonthlyReportPage />,
    titleKey: 'report.title',
    icon: <TableOutlined />,
    access: 'canReadMonthlyReport',
  },
  {
    path: 'content',
    element: <ContentPage />,
    titleKey: 'regulator.content.title',
    icon: <ReadOutlined />,
    access: 'canWriteContent',
  },
  {
    path: 'calendar',
    element: <CalendarPage />,
    titleKey: 'calendar.title',
    icon: <CalendarOutlined />,
    access: 'canManageCalendar',
  },
];
