import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Actor } from '../../shared/access.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { permissionsByRole, portalOfRole, type Portal, type Role } from '../../shared/permissions.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import type { IdentityRepository } from './identity.repository.ts';
import { createLoginThrottle } from './login-throttle.ts';
import { hashPassword, verifyPassword } from './password.ts';

export const SESSION_COOKIE = 'jiapei_session';

const tokenHashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export type Me = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  region: { code: string; name: string; level: string } | null;
  school: { id: string; name: string } | null;
  permissions: string[];
};

export function createIdentityService(deps: {
  db: Kysely<DB>;
  identity: IdentityRepository;
  audit: AuditLogService;
  clock: Clock;
  policy: {
    sessionTtlHours: number;
    maxFailures: number;
    lockMinutes: number;
    attemptsPerMinutePerIp: number;
  };
}) {
  const { db, identity, audit, clock, policy } = deps;
  const throttle = createLoginThrottle({
    perMinute: policy.attemptsPerMinutePerIp,
    now: () => clock.now().getTime(),
  });
  // Verified against when the username is unknown, so a miss costs the same time as a wrong password.
  const dummyHash = hashPassword(randomBytes(16).toString('hex'));

  return {
    async login(input: {
      username: string;
      password: string;
      portal: Portal;
      ip: string;
      userAgent: string;
    }): Promise<{ token: string; expiresAt: Date; me: Me }> {
      if (!throttle.allow(input.ip)) throw new AppError('auth.too_many_attempts');
      const now = clock.now();
      const user = await identity.findUserByUsername(db, input.username.trim().toLowerCase());
      if (!user || user.status !== 'active') {
        await verifyPassword(await dummyHash, input.password);
        throw new AppError('auth.invalid_credentials');
      }
      if (user.lockedUntil && user.lockedUntil > now) {
        throw new AppError('auth.account_locked', {
          details: { lockedUntil: user.lockedUntil.toISOString() },
        });
      }
      const actorRef = { userId: user.id, role: user.role as Role };
      if (!(await verifyPassword(user.passwordHash, input.password))) {
        const locked = await db.transaction().execute(async (tx) => {
          const result = await identity.recordLoginFailure(tx, user.id, (failures) =>
            failures >= policy.maxFailures ? new Date(now.getTime() + policy.lockMinutes * 60_000) : null,
          );
          await audit.append(tx, actorRef, {
            action: result.lockedUntil ? 'auth.account_locked' : 'auth.login_failed',
            entityType: 'user',
            entityId: user.id,
            details: { ip: input.ip },
          });
          return result.lockedUntil;
        });
        if (locked) {
          throw new AppError('auth.account_locked', { details: { lockedUntil: locked.toISOString() } });
        }
        throw new AppError('auth.invalid_credentials');
      }
      if (portalOfRole[user.role as Role] !== input.portal) {
        throw new AppError('auth.wrong_portal', { details: { portal: portalOfRole[user.role as Role] } });
      }
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + policy.sessionTtlHours * 3600_000);
      await db.transaction().execute(async (tx) => {
        await identity.recordLoginSuccess(tx, user.id, now);
        await identity.insertSession(tx, {
          tokenHash: tokenHashOf(token),
          userId: user.id,
          createdAt: now,
          expiresAt,
          ip: input.ip,
          userAgent: input.userAgent.slice(0, 300),
        });
        await audit.append(tx, actorRef, {
          action: 'auth.login',
          entityType: 'user',
          entityId: user.id,
          details: { ip: input.ip, portal: input.portal },
        });
      });
      const me = await this.getMe(actorOfUser(user));
      return { token, expiresAt, me };
    },

    /** Resolves a session cookie to its actor, or null when it is unknown, expired, revoked or disabled. */
    async authenticate(token: string): Promise<Actor | null> {
      const row = await identity.findSessionUser(db, tokenHashOf(token));
      if (!row || row.revokedAt || row.expiresAt <= clock.now() || row.status !== 'active') return null;
      return actorOfUser(row);
    },

    async logout(actor: Actor, token: string): Promise<void> {
      await db.transaction().execute(async (tx) => {
        await identity.revokeSession(tx, tokenHashOf(token), clock.now());
        await audit.append(tx, actor, { action: 'auth.logout', entityType: 'user', entityId: actor.userId });
      });
    },

    async getMe(actor: Actor): Promise<Me> {
      const user = await identity.findUserByUsername(db, actor.username);
      if (!user) throw new AppError('auth.unauthenticated');
      const region = user.regionCode ? ((await identity.findRegion(db, user.regionCode)) ?? null) : null;
      const school = user.schoolId ? ((await identity.findSchoolName(db, user.schoolId)) ?? null) : null;
      return {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role as Role,
        region,
        school,
        permissions: [...permissionsByRole[user.role as Role]],
      };
    },
  };
}

function actorOfUser(u: {
  id: string;
  username: string;
  role: string;
  regionCode: string | null;
  schoolId: string | null;
  coachId: string | null;
  traineeId: string | null;
}): Actor {
  return {
    userId: u.id,
    username: u.username,
    role: u.role as Role,
    regionCode: u.regionCode,
    schoolId: u.schoolId,
    coachId: u.coachId,
    traineeId: u.traineeId,
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
