import type { Portal } from '../api/types.ts';

/** Where each portal lives. The public portal owns everything outside the other two prefixes. */
const portalBase: Readonly<Record<Portal, string>> = {
  public: '/',
  school: '/school',
  regulator: '/regulator',
};

export function homePathOf(portal: Portal): string {
  return portalBase[portal];
}

export function loginPathOf(portal: Portal): string {
  return portal === 'public' ? '/login' : `${portalBase[portal]}/login`;
}

function isUnder(pathname: string, base: string): boolean {
  return pathname === base || pathname.startsWith(`${base}/`);
}

export function portalOfPath(pathname: string): Portal {
  if (isUnder(pathname, portalBase.school)) {
    return 'school';
  }
  if (isUnder(pathname, portalBase.regulator)) {
    return 'regulator';
  }
  return 'public';
}

/** Joins a portal base and a route path relative to it: ('/school', '') -> '/school'. */
export function portalPath(portal: Portal, relativePath: string): string {
  const base = portalBase[portal];
  if (relativePath === '') {
    return base;
  }
  return base === '/' ? `/${relativePath}` : `${base}/${relativePath}`;
}

/** The login URL that brings the user back to `returnTo` afterwards. */
export function loginUrlFor(portal: Portal, returnTo?: string): string {
  const login = loginPathOf(portal);
  if (!returnTo || returnTo === homePathOf(portal) || returnTo === login) {
    return login;
  }
  return `${login}?${new URLSearchParams({ redirect: returnTo }).toString()}`;
}

/**
 * The page to open after logging in: the `redirect` parameter when it is a same-origin path inside
 * the portal (never `//host` or an absolute URL, so the login page cannot be used as an open
 * redirect), otherwise the portal home.
 */
export function afterLoginPath(portal: Portal, redirect: string | null): string {
  if (!redirect || !redirect.startsWith('/') || redirect.startsWith('//') || redirect.includes('\\')) {
    return homePathOf(portal);
  }
  const pathname = redirect.split(/[?#]/)[0] ?? redirect;
  if (portalOfPath(pathname) !== portal || pathname === loginPathOf(portal)) {
    return homePathOf(portal);
  }
  return redirect;
}
