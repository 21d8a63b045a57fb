import { SideMenuLayout } from '../shared/side-menu-layout.tsx';
import { useSession } from '../../features/auth/session-context.tsx';
import { schoolRoutes } from './routes.tsx';

export function SchoolLayout() {
  const { me } = useSession();
  return <SideMenuLayout portal="school" routes={schoolRoutes} orgName={me.school?.name} />;
}
