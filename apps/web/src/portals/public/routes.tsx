import {
  BookOutlined,
  ClockCircleOutlined,
  FileProtectOutlined,
  MessageOutlined,
  NotificationOutlined,
  SearchOutlined,
  StarOutlined,
} from '@ant-design/icons';
import type { PortalRoute } from '../route-config.ts';
import { ComplaintNewPage } from './pages/complaint-new/index.tsx';
import { ComplaintTrackPage } from './pages/complaint-track/index.tsx';
import { EnrolPage } from './pages/enrol/index.tsx';
import { GuideArticlePage } from './pages/guide-page/index.tsx';
import { GuidePage } from './pages/guide/index.tsx';
import { MyContractPage } from './pages/my-contract/index.tsx';
import { MyComplaintsPage } from './pages/my-complaints/index.tsx';
import { MyContractsPage } from './pages/my-contracts/index.tsx';
import { MyEvaluationsPage } from './pages/my-evaluations/index.tsx';
import { MyHoursPage } from './pages/my-hours/index.tsx';
import { SchoolListPage } from './pages/school-list/index.tsx';
import { SchoolProfilePage } from './pages/school-profile/index.tsx';
import { SupervisionNoticePage } from './pages/supervision-notice/index.tsx';

/**
 * Pages of the public portal, relative to /. The top bar's links are derived from this list.
 * Trainee-only pages name the flag of the permission their data needs (contracts: trainee.enrolment,
 * hours: trainee.hours.read, complaints and evaluations: trainee.feedback.write).
 */
export const publicRoutes: readonly PortalRoute[] = [
  {
    path: '',
    element: <SchoolListPage />,
    titleKey: 'public.schoolList.title',
    icon: <SearchOutlined />,
  },
  {
    path: 'schools/:schoolId',
    element: <SchoolProfilePage />,
    titleKey: 'public.schoolProfile.title',
    hideInMenu: true,
  },
  {
    path: 'enrol/:schoolId/:classTypeId',
    element: <EnrolPage />,
    titleKey: 'public.enrol.title',
    hideInMenu: true,
  },
  {
    path: 'guide',
    element: <GuidePage />,
    titleKey: 'public.guide.title',
    icon: <BookOutlined />,
  },
  {
    path: 'guide/:slug',
    element: <GuideArticlePage />,
    titleKey: 'public.guide.articleTitle',
    hideInMenu: true,
  },
  {
    path: 'supervision-notices',
    element: <SupervisionNoticePage />,
    titleKey: 'sanctions.public.title',
    icon: <NotificationOutlined />,
  },
  {
    path: 'complaints/new',
    element: <ComplaintNewPage />,
    titleKey: 'public.complaint.title',
    hideInMenu: true,
  },
  {
    path: 'complaints/track',
    element: <ComplaintTrackPage />,
    titleKey: 'public.complaintTrack.title',
    icon: <MessageOutlined />,
  },
  {
    path: 'my/contracts',
    element: <MyContractsPage />,
    titleKey: 'public.myContracts.title',
    icon: <FileProtectOutlined />,
    access: 'canEnrol',
  },
  {
    path: 'my/contracts/:contractId',
    element: <MyContractPage />,
    titleKey: 'public.contract.title',
    access: 'canEnrol',
    hideInMenu: true,
  },
  {
    path: 'hours',
    element: <MyHoursPage />,
    titleKey: 'public.myHours.title',
    icon: <ClockCircleOutlined />,
    access: 'canReadOwnHours',
  },
  {
    path: 'my/complaints',
    element: <MyComplaintsPage />,
    titleKey: 'public.myComplaints.title',
    icon: <MessageOutlined />,
    access: 'canWriteOwnFeedback',
  },
  {
    path: 'my/evaluations',
    element: <MyEvaluationsPage />,
    titleKey: 'public.myEvaluations.title',
    icon: <StarOutlined />,
    access: 'canWriteOwnFeedback',
  },
];
