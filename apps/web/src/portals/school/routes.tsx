import { BankOutlined } from '@ant-design/icons';
import type { PortalRoute } from '../route-config.ts';
import { ProfilePage } from './pages/profile/index.tsx';

/** Pages of the school portal, relative to /school. The side menu is derived from this list. */
export const schoolRoutes: readonly PortalRoute[] = [
  {
    path: '',
    element: <ProfilePage />,
    titleKey: 'school.profile.title',
    icon: <BankOutlined />,
    access: 'canReadSchoolProfile',
  },
];
