import { useRoutes } from 'react-router';
import { NotFound } from '../shared/not-found.tsx';
import { PublicRouteGate, toRouteObjects } from '../shared/route-elements.tsx';
import { PublicLayout } from './layout.tsx';
import { LoginPage } from './pages/login/index.tsx';
import { publicRoutes } from './routes.tsx';

/** The public portal: everything outside /school and /regulator. */
export default function PublicPortal() {
  return useRoutes([
    {
      element: <PublicLayout />,
      children: [
        ...toRouteObjects(publicRoutes, (route) => <PublicRouteGate route={route} portal="public" />),
        { path: 'login', element: <LoginPage /> },
        { path: '*', element: <NotFound portal="public" /> },
      ],
    },
  ]);
}
