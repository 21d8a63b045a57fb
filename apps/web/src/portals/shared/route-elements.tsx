import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ForbiddenResult } from '../../features/auth/components/forbidden-result.tsx';
import { portalBrandId } from '../../features/auth/labels.ts';
import { useSession } from '../../features/auth/session-context.tsx';
import type { Portal } from '../../api/types.ts';
import { canOpen } from '../route-config.ts';
import type { PortalRoute } from '../route-config.ts';

/** Route objects for react-router from a portal's route table; '' becomes the index route. */
export function toRouteObjects(
  routes: readonly PortalRoute[],
  render: (route: PortalRoute) => ReactNode,
): RouteObject[] {
  return routes.map((route) =>
    route.path === ''
      ? { index: true, element: render(route) }
      : { path: route.path, element: render(route) },
  );
}

type GateProps = { route: PortalRoute; portal: Portal };

/** A page of a signed-in portal: sets the tab title and shows 403 when the user lacks the page's access. */
export function SessionRouteGate({ route, portal }: GateProps) {
  const { access } = useSession();
  const allowed = canOpen(route, access);
  useDocumentTitle(allowed ? route.titleKey : 'common.forbidden.title', portalBrandId(portal));
  return allowed ? route.element : <ForbiddenResult portal={portal} />;
}

/** A page open to everyone: only the tab title. */
export function PublicRouteGate({ route, portal }: GateProps) {
  useDocumentTitle(route.titleKey, portalBrandId(portal));
  return route.element;
}
