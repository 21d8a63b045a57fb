import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { canAccessSchool, requirePermission, type Actor } from '../../shared/access.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { Permission } from '../../shared/permissions.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import type { CommandRow, TerminalCommandsRepository } from './terminal-commands.repository.ts';
import type { CommandKind, CommandView, CreateCommand } from './terminal-commands.schemas.ts';

/** What the gateway needs to put a command on the wire. */
export type OutgoingCommand = { id: string; kind: CommandKind; params: Record<string, unknown> };

/**
 * The edge that can reach a terminal (the TCP gateway registers itself at start-up). `sent: false`
 * means the terminal has no live session; the command then waits as `offline` until it authenticates.
 */
export type CommandSender = {
  deliver(terminalId: string, command: OutgoingCommand): { sent: true; serial: number } | { sent: false };
};

/** Which answer (驾培 extended id) closes which command. */
export const answerKind: Record<number, CommandKind> = {
  0x0301: 'take_photo',
  0x0502: 'set_training_ban',
  0x0501: 'set_parameters',
  0x0205: 'request_records',
};

function toView(row: CommandRow): CommandView {
  return {
    id: row.id,
    terminalId: row.terminalId,
    kind: row.kind,
    params: (row.params ?? {}) as Record<string, unknown>,
    status: row.status,
    serial: row.serial,
    requestedAt: row.requestedAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    answer: (row.answer ?? null) as Record<string, unknown> | null,
    answeredAt: row.answeredAt?.toISOString() ?? null,
  };
}

/**
 * Downlink commands (photo now, 禁训 on/off, application parameters, record requests) that regulators
 * send to terminals of schools in their region. Each is stored and audited, then handed to the live
 * session if there is one; the terminal's answer closes it.
 */
export function createTerminalCommandsService(deps: {
  db: Kysely<DB>;
  commands: TerminalCommandsRepository;
  audit: AuditLogService;
  clock: Clock;
}) {
  const { db, commands, audit, clock } = deps;
  let sender: CommandSender | null = null;

  async function requireTerminal(actor: Actor, terminalId: string) {
    requirePermission(actor, Permission.terminalCommandSend);
    const terminal = await commands.findTerminalScope(db, terminalId);
    if (!terminal) throw new AppError('terminal.not_found');
    if (!canAccessSchool(actor, { id: terminal.schoolId, countyCode: terminal.countyCode })) {
      throw new AppError('auth.forbidden', { message: 'terminal outside the actor region' });
    }
    return terminal;
  }

  async function deliver(row: CommandRow): Promise<void> {
    const outcome = sender?.deliver(row.terminalId, {
      id: row.id,
      kind: row.kind as CommandKind,
      params: (row.params ?? {}) as Record<string, unknown>,
    }) ?? { sent: false as const };
    if (outcome.sent) await commands.markSent(db, row.id, outcome.serial, clock.now());
    else await commands.markOffline(db, row.id);
  }

  return {
    /** Called once by the gateway when it starts. */
    attachSender(s: CommandSender | null) {
      sender = s;
    },

    async send(actor: Actor, terminalId: string, input: CreateCommand): Promise<CommandView> {
      const terminal = await requireTerminal(actor, terminalId);
      const { kind, ...params } = input;
      if (input.kind === 'request_records' && new Date(input.from) > new Date(input.to)) {
        throw new AppError('terminal.command_invalid', {
          details: [{ field: 'from', message: 'from must not be after to' }],
        });
      }
      if (input.kind === 'set_parameters' && Object.keys(input.params).length === 0) {
        throw new AppError('terminal.command_invalid', {
          details: [{ field: 'params', message: 'name at least one parameter' }],
        });
      }
      const row = await db.transaction().execute(async (tx) => {
        const created = await commands.insert(tx, {
          terminalId,
          kind,
          params: JSON.stringify(params),
          requestedBy: actor.userId,
          requestedAt: clock.now(),
        });
        await audit.append(tx, actor, {
          action: 'terminal.command.created',
          entityType: 'terminal_commands',
          entityId: created.id,
          regionCode: terminal.countyCode,
          schoolId: terminal.schoolId,
          details: { terminalId, kind, params },
        });
        return created;
      });
      await deliver(row);
      return toView((await commands.findById(db, row.id))!);
    },

    async list(actor: Actor, terminalId: string): Promise<CommandView[]> {
      await requireTerminal(actor, terminalId);
      return (await commands.findRecent(db, terminalId, 50)).map(toView);
    },

    /**
     * A terminal answered (0x0301, 0x0501, 0x0502, 0x0205): closes the oldest command of that kind
     * that was sent to it. Returns the command id, or null when nothing was waiting (an unsolicited or
     * repeated answer).
     */
    async recordAnswer(
      terminalId: string,
      kind: CommandKind,
      answer: Record<string, unknown>,
      ok: boolean,
    ): Promise<string | null> {
      const waiting = await commands.findAwaitingAnswer(db, terminalId, kind);
      if (!waiting) return null;
      await commands.markAnswered(
        db,
        waiting.id,
        ok ? 'answered' : 'failed',
        JSON.stringify(answer),
        clock.now(),
      );
      return waiting.id;
    },

    /** Sends the commands that waited while the terminal was offline (after it authenticates). */
    async deliverQueued(terminalId: string): Promise<number> {
      const queued = await commands.findQueued(db, terminalId);
      for (const row of queued) await deliver(row);
      return queued.length;
    },
  };
}

export type TerminalCommandsService = ReturnType<typeof createTerminalCommandsService>;
