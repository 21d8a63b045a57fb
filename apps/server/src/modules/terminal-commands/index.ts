export {
  createTerminalCommandsRepository,
  type TerminalCommandsRepository,
} from './terminal-commands.repository.ts';
export {
  answerKind,
  createTerminalCommandsService,
  type CommandSender,
  type OutgoingCommand,
  type TerminalCommandsService,
} from './terminal-commands.service.ts';
export { terminalCommandsRoutes } from './terminal-commands.routes.ts';
export type { CommandKind, CommandView, CreateCommand } from './terminal-commands.schemas.ts';
