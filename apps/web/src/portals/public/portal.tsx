import { useRoutes } from 'react-router';
import { NotFound } from '../shared/not-found.tsx';
import { RequirePortalSession } from '../../features/auth/components/require-portal-session.tsx';
import { PublicRouteGate, SessionRouteGate, toRouteObjects } from '../shared/route-elements.tsx';
import { PublicLayout } from './layout.tsx';
import { LoginPage } from './pages/login/index.tsx';
import { publicRoutes } from './routes.tsx';

/** The public portal: everything outside /school and /regulator. */
export default function PublicPortal() {
  return useRoutes([
    {
      element: <PublicLayout />,
      children: [
        // Pages that name an access flag (我的学时) need a trainee session; the rest are open.
        ...toRouteObjects(publicRoutes, (route) =>
          route.access ? (
            <RequirePortalSession portal="public">
              <SessionRouteGate route={route} portal="public" />
            </RequirePortalSession>
          ) : (
            <PublicRouteGate route={route} portal="public" />
          ),
        ),
        { path: 'login', element: <LoginPage /> },
        { path: '*', element: <NotFound portal="public" /> },
      ],
    },
  ]);
}
