import type { ReactNode } from 'react';
import type { Access, AccessKey } from '../access.ts';
import type { MessageId } from '../i18n/index.ts';

/**
 * One page of a portal, in the spirit of ant-design-pro's `config/routes.ts`: the route table is
 * also the menu, and `access` hides what the user may not open.
 */
export type PortalRoute = {
  /** Relative to the portal base; '' is the portal home. */
  path: string;
  element: ReactNode;
  titleKey: MessageId;
  icon?: ReactNode;
  /** The Access flag the page needs; omitted means every user of the portal. */
  access?: AccessKey;
  hideInMenu?: boolean;
};

export function canOpen(route: Pick<PortalRoute, 'access'>, access: Access): boolean {
  return route.access === undefined || access[route.access];
}

/** The routes that appear in the side menu for this user. */
export function menuRoutes<R extends Pick<PortalRoute, 'access' | 'hideInMenu'>>(
  routes: readonly R[],
  access: Access,
): R[] {
  return routes.filter((route) => !route.hideInMenu && canOpen(route, access));
}

/** The menu key to highlight: the longest route path that the current path starts with. */
export function selectedMenuKey(pathname: string, keys: readonly string[]): string | undefined {
  const normalized = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return [...keys]
    .filter((key) => normalized === key || normalized.startsWith(key.endsWith('/') ? key : `${key}/`))
    .sort((a, b) => b.length - a.length)[0];
}
