import { useRoutes } from 'react-router';
import { RequirePortalSession } from '../../features/auth/components/require-portal-session.tsx';
import { NotFound } from '../shared/not-found.tsx';
import { SessionRouteGate, toRouteObjects } from '../shared/route-elements.tsx';
import { SchoolLayout } from './layout.tsx';
import { LoginPage } from './pages/login/index.tsx';
import { schoolRoutes } from './routes.tsx';

/** The school portal under /school, loaded on demand. */
export default function SchoolPortal() {
  return useRoutes([
    { path: 'login', element: <LoginPage /> },
    {
      element: (
        <RequirePortalSession portal="school">
          <SchoolLayout />
        </RequirePortalSession>
      ),
      children: [
        ...toRouteObjects(schoolRoutes, (route) => <SessionRouteGate route={route} portal="school" />),
        { path: '*', element: <NotFound portal="school" /> },
      ],
    },
  ]);
}
