import { createContext, use } from 'react';
import type { Access } from '../../access.ts';
import type { Me } from '../../api/types.ts';

export type Session = { me: Me; access: Access };

/** The signed-in user of a school or regulator portal, provided by RequirePortalSession. */
export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = use(SessionContext);
  if (!session) {
    throw new Error('useSession must be used inside <RequirePortalSession>');
  }
  return session;
}
