import { useRoutes } from 'react-router';
import { RequirePortalSession } from '../../features/auth/components/require-portal-session.tsx';
import { NotFound } from '../shared/not-found.tsx';
import { SessionRouteGate, toRouteObjects } from '../shared/route-elements.tsx';
import { RegulatorLayout } from './layout.tsx';
import { LoginPage } from './pages/login/index.tsx';
import { regulatorRoutes } from './routes.tsx';

/** The regulator portal under /regulator, loaded on demand. */
export default function RegulatorPortal() {
  return useRoutes([
    { path: 'login', element: <LoginPage /> },
    {
      element: (
        <RequirePortalSession portal="regulator">
          <RegulatorLayout />
        </RequirePortalSession>
      ),
      children: [
        ...toRouteObjects(regulatorRoutes, (route) => <SessionRouteGate route={route} portal="regulator" />),
        { path: '*', element: <NotFound portal="regulator" /> },
      ],
    },
  ]);
}
