import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

export function createIdentityRepository() {
  return {
    findUserByUsername(db: Kysely<DB>, username: string) {
      return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    },

    async recordLoginFailure(
      db: Kysely<DB>,
      userId: string,
      lockUntil: (failures: number) => Date | null,
    ): Promise<{ failures: number; lockedUntil: Date | null }> {
      const row = await db
        .updateTable('users')
        .set((eb) => ({ failedLoginCount: eb('failedLoginCount', '+', 1) }))
        .where('id', '=', userId)
        .returning('failedLoginCount')
        .executeTakeFirstOrThrow();
      const lockedUntil = lockUntil(row.failedLoginCount);
      if (lockedUntil) {
        await db
          .updateTable('users')
          .set({ lockedUntil, failedLoginCount: 0 })
          .where('id', '=', userId)
          .execute();
      }
      return { failures: row.failedLoginCount, lockedUntil };
    },

    async recordLoginSuccess(db: Kysely<DB>, userId: string, at: Date): Promise<void> {
      await db
        .updateTable('users')
        .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: at, updatedAt: at })
        .where('id', '=', userId)
        .execute();
    },

    async insertSession(
      db: Kysely<DB>,
      s: {
        tokenHash: string;
        userId: string;
        createdAt: Date;
        expiresAt: Date;
        ip: string;
        userAgent: string;
      },
    ): Promise<void> {
      await db.insertInto('sessions').values(s).execute();
    },

    findSessionUser(db: Kysely<DB>, tokenHash: string) {
      return db
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.userId')
        .select([
          'u.id',
          'u.username',
          'u.displayName',
          'u.role',
          'u.regionCode',
          'u.schoolId',
          'u.coachId',
          'u.traineeId',
          'u.status',
          's.expiresAt',
          's.revokedAt',
        ])
        .where('s.tokenHash', '=', tokenHash)
        .executeTakeFirst();
    },

    async revokeSession(db: Kysely<DB>, tokenHash: string, at: Date): Promise<void> {
      await db
        .updateTable('sessions')
        .set({ revokedAt: at })
        .where('tokenHash', '=', tokenHash)
        .where('revokedAt', 'is', null)
        .execute();
    },

    findRegion(db: Kysely<DB>, code: string) {
      return db
        .selectFrom('regions')
        .select(['code', 'name', 'level'])
        .where('code', '=', code)
        .executeTakeFirst();
    },

    findSchoolName(db: Kysely<DB>, id: string) {
      return db.selectFrom('schools').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
    },
  };
}

export type IdentityRepository = ReturnType<typeof createIdentityRepository>;
