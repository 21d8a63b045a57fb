/**
 * The live session of each authenticated terminal. One per terminal: a reconnect (the old TCP
 * connection often lingers half-open after a network change) replaces the old session, which is closed.
 */
export type LiveSession = {
  readonly connectionId: number;
  close(reason: 'replaced'): void;
};

export function createSessionRegistry<S extends LiveSession>() {
  const byTerminal = new Map<string, S>();
  return {
    /** Makes `session` the live one for `terminalId`; returns the one it replaced, already closed. */
    bind(terminalId: string, session: S): S | undefined {
      const old = byTerminal.get(terminalId);
      byTerminal.set(terminalId, session);
      if (old && old !== session) {
        old.close('replaced');
        return old;
      }
      return undefined;
    },
    /** Forgets `session` if it is still the live one (a replaced session must not unbind its successor). */
    unbind(terminalId: string, session: S): boolean {
      if (byTerminal.get(terminalId) !== session) return false;
      byTerminal.delete(terminalId);
      return true;
    },
    get: (terminalId: string) => byTerminal.get(terminalId),
    get size() {
      return byTerminal.size;
    },
    values: () => byTerminal.values(),
  };
}

export type SessionRegistry<S extends LiveSession> = ReturnType<typeof createSessionRegistry<S>>;
