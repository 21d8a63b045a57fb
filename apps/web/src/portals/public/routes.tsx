import { ClockCircleOutlined, SearchOutlined } from '@ant-design/icons';
import type { PortalRoute } from '../route-config.ts';
import { MyHoursPage } from './pages/my-hours/index.tsx';
import { SchoolListPage } from './pages/school-list/index.tsx';

/** Pages of the public portal, relative to /. The top bar's links are derived from this list. */
export const publicRoutes: readonly PortalRoute[] = [
  {
    path: '',
    element: <SchoolListPage />,
    titleKey: 'public.schoolList.title',
    icon: <SearchOutlined />,
  },
  {
    path: 'hours',
    element: <MyHoursPage />,
    titleKey: 'public.myHours.title',
    icon: <ClockCircleOutlined />,
    access: 'canReadOwnHours',
  },
];
