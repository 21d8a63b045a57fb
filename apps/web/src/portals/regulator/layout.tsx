import { useSession } from '../../features/auth/session-context.tsx';
import { SideMenuLayout } from '../shared/side-menu-layout.tsx';
import { regulatorRoutes } from './routes.tsx';

export function RegulatorLayout() {
  const { me } = useSession();
  return <SideMenuLayout portal="regulator" routes={regulatorRoutes} orgName={me.region?.name} />;
}
