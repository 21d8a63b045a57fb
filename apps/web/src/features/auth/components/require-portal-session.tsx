import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { canUsePortal, toAccess } from '../../../access.ts';
import type { Me, Portal } from '../../../api/types.ts';
import { ApiErrorResult } from '../../../components/api-error-alert.tsx';
import { PageLoading } from '../../../components/page-loading.tsx';
import { loginUrlFor } from '../../../portals/paths.ts';
import { useMe } from '../queries.ts';
import { SessionContext } from '../session-context.tsx';
import { ForbiddenResult } from './forbidden-result.tsx';

type RequirePortalSessionProps = { portal: Portal; children: ReactNode };

/**
 * Lets a signed-in user of this portal through. Without a session it sends the user to the portal's
 * login page (and back here afterwards); a user of another portal sees a 403 page.
 */
export function RequirePortalSession({ portal, children }: RequirePortalSessionProps) {
  const me = useMe();
  const location = useLocation();

  if (me.isPending) {
    return <PageLoading fullScreen />;
  }
  if (me.isError) {
    return <ApiErrorResult error={me.error} onRetry={() => void me.refetch()} />;
  }
  if (!me.data) {
    return <Navigate to={loginUrlFor(portal, `${location.pathname}${location.search}`)} replace />;
  }
  if (!canUsePortal(me.data, portal)) {
    return <ForbiddenResult portal={portal} me={me.data} />;
  }
  return <SessionProvider me={me.data}>{children}</SessionProvider>;
}

function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  const session = useMemo(() => ({ me, access: toAccess(me.permissions) }), [me]);
  return <SessionContext value={session}>{children}</SessionContext>;
}
