import {
  AccountBookOutlined,
  AuditOutlined,
  BankOutlined,
  CommentOutlined,
  ContainerOutlined,
  FileDoneOutlined,
  FileProtectOutlined,
  MessageOutlined,
  StarOutlined,
} from '@ant-design/icons';
import type { PortalRoute } from '../route-config.ts';
import { SchoolAppealsPage } from './pages/appeals/index.tsx';
import { SchoolComplaintsPage } from './pages/complaints/index.tsx';
import { ContractsPage } from './pages/contracts/index.tsx';
import { SchoolEvaluationsPage } from './pages/evaluations/index.tsx';
import { ProfilePage } from './pages/profile/index.tsx';
import { SettlementPage } from './pages/settlement/index.tsx';
import { StagePage } from './pages/stage/index.tsx';
import { TrainingLogsPage } from './pages/training-logs/index.tsx';
import { SchoolWorkOrdersPage } from './pages/work-orders/index.tsx';

/** Pages of the school portal, relative to /school. The side menu is derived from this list. */
export const schoolRoutes: readonly PortalRoute[] = [
  {
    path: '',
    element: <ProfilePage />,
    titleKey: 'school.profile.title',
    icon: <BankOutlined />,
    access: 'canReadSchoolProfile',
  },
  {
    path: 'training-logs',
    element: <TrainingLogsPage />,
    titleKey: 'school.trainingLogs.title',
    icon: <AuditOutlined />,
    access: 'canReadSchoolTraining',
  },
  {
    path: 'appeals',
    element: <SchoolAppealsPage />,
    titleKey: 'school.appeals.title',
    icon: <CommentOutlined />,
    access: 'canReadSchoolTraining',
  },
  {
    path: 'stage',
    element: <StagePage />,
    titleKey: 'school.stage.title',
    icon: <FileDoneOutlined />,
    access: 'canReadSchoolTraining',
  },

  {
    path: 'contracts',
    element: <ContractsPage />,
    titleKey: 'school.contracts.title',
    icon: <FileProtectOutlined />,
    access: 'canReadSchoolContracts',
  },
  {
    path: 'settlement',
    element: <SettlementPage />,
    titleKey: 'school.settlement.title',
    icon: <AccountBookOutlined />,
    access: 'canReadSchoolSettlement',
  },
  {
    path: 'work-orders',
    element: <SchoolWorkOrdersPage />,
    titleKey: 'workorders.school.title',
    icon: <ContainerOutlined />,
    access: 'canDisposeSchoolWorkOrders',
  },
  {
    path: 'complaints',
    element: <SchoolComplaintsPage />,
    titleKey: 'school.complaints.title',
    icon: <MessageOutlined />,
    access: 'canReadSchoolComplaints',
  },
  {
    path: 'evaluations',
    element: <SchoolEvaluationsPage />,
    titleKey: 'school.evaluations.title',
    icon: <StarOutlined />,
    access: 'canReadSchoolProfile',
  },
];
