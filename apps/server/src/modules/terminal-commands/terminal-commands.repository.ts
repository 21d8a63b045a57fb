import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

export type CommandRow = {
  id: string;
  terminalId: string;
  kind: string;
  params: unknown;
  status: string;
  serial: number | null;
  requestedAt: Date;
  sentAt: Date | null;
  answer: unknown;
  answeredAt: Date | null;
};

const columns = [
  'id',
  'terminalId',
  'kind',
  'params',
  'status',
  'serial',
  'requestedAt',
  'sentAt',
  'answer',
  'answeredAt',
] as const;

export function createTerminalCommandsRepository() {
  return {
    /** The terminal with what scoping needs: its school and the school's county. */
    findTerminalScope: (db: Kysely<DB>, terminalId: string) =>
      db
        .selectFrom('terminals')
        .innerJoin('schools', 'schools.id', 'terminals.schoolId')
        .select(['terminals.id', 'terminals.schoolId', 'schools.countyCode'])
        .where('terminals.id', '=', terminalId)
        .executeTakeFirst(),

    insert: (
      db: Kysely<DB>,
      row: { terminalId: string; kind: string; params: string; requestedBy: string; requestedAt: Date },
    ): Promise<CommandRow> =>
      db
        .insertInto('terminalCommands')
        .values(row)
        .returning(columns)
        .executeTakeFirstOrThrow() as Promise<CommandRow>,

    markSent: (db: Kysely<DB>, id: string, serial: number, at: Date) =>
      db
        .updateTable('terminalCommands')
        .set({ status: 'sent', serial, sentAt: at })
        .where('id', '=', id)
        .execute(),

    markOffline: (db: Kysely<DB>, id: string) =>
      db.updateTable('terminalCommands').set({ status: 'offline' }).where('id', '=', id).execute(),

    /** The oldest command of `kind` still waiting for this terminal's answer. */
    findAwaitingAnswer: (db: Kysely<DB>, terminalId: string, kind: string) =>
      db
        .selectFrom('terminalCommands')
        .select(['id'])
        .where('terminalId', '=', terminalId)
        .where('kind', '=', kind)
        .where('status', '=', 'sent')
        .orderBy('sentAt', 'asc')
        .limit(1)
        .executeTakeFirst(),

    markAnswered: (db: Kysely<DB>, id: string, status: 'answered' | 'failed', answer: string, at: Date) =>
      db
        .updateTable('terminalCommands')
        .set({ status, answer, answeredAt: at })
        .where('id', '=', id)
        .execute(),

    findQueued: (db: Kysely<DB>, terminalId: string): Promise<CommandRow[]> =>
      db
        .selectFrom('terminalCommands')
        .select(columns)
        .where('terminalId', '=', terminalId)
        .where('status', '=', 'offline')
        .orderBy('requestedAt', 'asc')
        .limit(20)
        .execute() as Promise<CommandRow[]>,

    findById: (db: Kysely<DB>, id: string): Promise<CommandRow | undefined> =>
      db.selectFrom('terminalCommands').select(columns).where('id', '=', id).executeTakeFirst() as Promise<
        CommandRow | undefined
      >,

    findRecent: (db: Kysely<DB>, terminalId: string, limit: number): Promise<CommandRow[]> =>
      db
        .selectFrom('terminalCommands')
        .select(columns)
        .where('terminalId', '=', terminalId)
        .orderBy('requestedAt', 'desc')
        .limit(limit)
        .execute() as Promise<CommandRow[]>,
  };
}

export type TerminalCommandsRepository = ReturnType<typeof createTerminalCommandsRepository>;
