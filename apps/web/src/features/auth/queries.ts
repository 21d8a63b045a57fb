import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, unwrap } from '../../api/http.ts';
import type { LoginInput, Me, Portal } from '../../api/types.ts';

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
};

/** The signed-in user, or null when there is no session (a 401 here is an answer, not an error). */
async function findMe(signal: AbortSignal): Promise<Me | null> {
  try {
    return await unwrap(api.GET('/api/auth/me', { signal }), { redirectOn401: false });
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      return null;
    }
    throw error;
  }
}

export function useMe() {
  return useQuery({
    queryKey: authKeys.me(),
    queryFn: ({ signal }) => findMe(signal),
    staleTime: 5 * 60_000,
  });
}

export function useLogin(portal: Portal) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Omit<LoginInput, 'portal'>) =>
      unwrap(api.POST('/api/auth/login', { body: { ...input, portal } }), { redirectOn401: false }),
    onSuccess: ({ user }) => {
      // Whatever was cached belonged to the previous session.
      queryClient.removeQueries();
      queryClient.setQueryData(authKeys.me(), user);
    },
  });
}

/**
 * Ends the session, then loads `redirectTo` afresh, so nothing of this user stays in memory. The page
 * is left even if the request fails: the cookie may already be gone.
 */
export function useLogout(redirectTo: string) {
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/auth/logout'), { redirectOn401: false }),
    onSettled: () => {
      window.location.assign(redirectTo);
    },
  });
}
