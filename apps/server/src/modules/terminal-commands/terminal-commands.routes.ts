import type { Api } from '../../http/types.ts';
import { actorOf } from '../../http/types.ts';
import { Permission } from '../../shared/permissions.ts';
import {
  CommandListSchema,
  CommandSchema,
  CreateCommandSchema,
  TerminalParamsSchema,
} from './terminal-commands.schemas.ts';
import type { TerminalCommandsService } from './terminal-commands.service.ts';

const auth = { auth: { permission: Permission.terminalCommandSend } };

export function terminalCommandsRoutes(commands: TerminalCommandsService) {
  return async (app: Api) => {
    app.post(
      '/api/terminals/:terminalId/commands',
      {
        config: auth,
        schema: {
          tags: ['terminals'],
          summary: 'Send a command to a timing terminal (photo now, 禁训, parameters, record request)',
          params: TerminalParamsSchema,
          body: CreateCommandSchema,
          response: { 201: CommandSchema },
        },
      },
      async (request, reply) => {
        const view = await commands.send(actorOf(request), request.params.terminalId, request.body);
        return reply.status(201).send(view);
      },
    );

    app.get(
      '/api/terminals/:terminalId/commands',
      {
        config: auth,
        schema: {
          tags: ['terminals'],
          summary: 'Recent commands of a terminal and their answers',
          params: TerminalParamsSchema,
          response: { 200: CommandListSchema },
        },
      },
      async (request) => ({ items: await commands.list(actorOf(request), request.params.terminalId) }),
    );
  };
}
