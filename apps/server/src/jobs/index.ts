import type { FastifyBaseLogger } from 'fastify';
import type { App } from '../app.ts';

/** Background work of the jobs edge (ROLE all | jobs): periodic loops, each stopped by `stop()`. */
export type Jobs = { stop(): Promise<void> };

export function startJobs(app: App, log: FastifyBaseLogger): Jobs {
  void app;
  void log;
  return { stop: async () => {} };
}
