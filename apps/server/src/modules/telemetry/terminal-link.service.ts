import { RegisterResult, verifyJiapeiAuthentication, type TerminalRegister } from '@jiapei/jt808';
import type { TerminalAuthentication, Verification } from '@jiapei/jt808';
import { createRsaVerifier } from '@jiapei/jt808/node-crypto';
import type { Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import type { DB } from '../../db/types.ts';
import type { Clock } from '../../shared/clock.ts';
import type { TelemetryRepository, TerminalIdentity } from './telemetry.repository.ts';

export type SignaturePolicy = 'enforce' | 'log' | 'off';

export type RegistrationOutcome =
  | { result: typeof RegisterResult.ok; terminal: TerminalIdentity; authCode: string; institutionNo: string }
  | { result: Exclude<(typeof RegisterResult)[keyof typeof RegisterResult], 0>; reason: string };

export type AuthenticationOutcome =
  | {
      ok: true;
      terminal: TerminalIdentity;
      verification: Verification['status'] | 'not_applicable' | 'stale';
    }
  | { ok: false; reason: string; verification?: Verification['status'] | 'stale' };

/** Header phones are BCD, left-padded with zeros to 12/16/20 digits; SIM numbers are filed without them. */
export function simCandidates(phone: string): string[] {
  const bare = phone.replace(/^0+/, '');
  return bare ? [bare, `0${bare}`, `00${bare}`] : [];
}

/** True when the header phone names this SIM (leading zeros ignored). */
export function phoneMatchesSim(phone: string, sim: string): boolean {
  return phone.replace(/^0+/, '') === sim.replace(/^0+/, '');
}

/**
 * 培训机构编号 (16 digits) sent in the 驾培 0x8100 answer. The registry has no national institution
 * number yet, so it is derived stably from the county code and the school id.
 */
export function institutionNumber(countyCode: string, schoolId: string): string {
  const digits = BigInt(`0x${schoolId.replace(/-/g, '')}`).toString();
  return `${countyCode}${digits.slice(0, 10).padStart(10, '0')}`;
}

/**
 * Registration (0x0100) and authentication (0x0102) of timing terminals against the terminals schools
 * filed (REFERENCE §1.5). Only filed terminals may connect; registration issues the auth code (JT/T 808)
 * or the 计时终端编号 (驾培), authentication checks it, or the RSA 鉴权密文 under the signature policy.
 */
export function createTerminalLinkService(deps: {
  db: Kysely<DB>;
  telemetry: TelemetryRepository;
  clock: Clock;
  policy: { signature: SignaturePolicy; maxSkewSeconds: number };
}) {
  const { db, telemetry, clock, policy } = deps;

  return {
    /** The filed terminal a header phone belongs to. */
    findByPhone: (phone: string) => {
      const candidates = simCandidates(phone);
      return candidates.length ? telemetry.findTerminalBySim(db, candidates) : Promise.resolve(undefined);
    },

    findById: (terminalId: string) => telemetry.findTerminalById(db, terminalId),

    /**
     * Results (REFERENCE §1.5): 4 no such terminal (not filed by IMEI or SIM, or disabled); 3 terminal
     * already registered (its IMEI is filed with another SIM than the one calling); 2 no such car (the
     * plate is not filed, or not by the terminal's school); 1 car already registered (the car is bound to
     * another terminal). A repeated registration of the same terminal and car succeeds again with the
     * same code, so a lost 0x8100 costs nothing.
     */
    async register(phone: string, body: TerminalRegister): Promise<RegistrationOutcome> {
      const byImei = body.imei?.trim() ? await telemetry.findTerminalByImei(db, body.imei.trim()) : undefined;
      const bySim = await this.findByPhone(phone);
      const terminal = byImei ?? bySim;
      if (!terminal || terminal.status !== 'active') {
        return { result: RegisterResult.terminalUnknown, reason: 'terminal_not_filed' };
      }
      if (!phoneMatchesSim(phone, terminal.simNumber)) {
        return { result: RegisterResult.terminalAlreadyRegistered, reason: 'terminal_filed_with_other_sim' };
      }
      const plate = body.plate.trim();
      if (plate) {
        const vehicle = await telemetry.findVehicleByPlate(db, plate);
        if (!vehicle || vehicle.schoolId !== terminal.schoolId || vehicle.status !== 'active') {
          return { result: RegisterResult.vehicleUnknown, reason: 'vehicle_not_filed' };
        }
        const bound = await telemetry.findTerminalOfVehicle(db, vehicle.id);
        if (bound && bound.id !== terminal.id) {
          return {
            result: RegisterResult.vehicleAlreadyRegistered,
            reason: 'vehicle_bound_to_other_terminal',
          };
        }
        if (terminal.vehicleId && terminal.vehicleId !== vehicle.id) {
          return { result: RegisterResult.vehicleUnknown, reason: 'terminal_bound_to_other_vehicle' };
        }
      }
      const authCode = terminal.authCode ?? randomBytes(8).toString('hex').toUpperCase();
      if (!terminal.registeredAt || terminal.authCode !== authCode) {
        await telemetry.markRegistered(db, terminal.id, authCode, clock.now());
      }
      return {
        result: RegisterResult.ok,
        terminal: { ...terminal, authCode },
        authCode,
        institutionNo: institutionNumber(terminal.countyCode, terminal.schoolId),
      };
    },

    /**
     * 0x0102. JT/T 808 layouts: the auth code issued at registration. 驾培 layout: RSA over
     * 计时终端编号 ‖ timestamp, checked with the terminal's certificate through the codec's verifier,
     * plus a replay window on the timestamp. Under `log` a missing certificate, a bad signature or a
     * stale timestamp is reported (and counted by the caller) but not refused; under `off` not checked.
     */
    async authenticate(phone: string, body: TerminalAuthentication): Promise<AuthenticationOutcome> {
      const terminal = await this.findByPhone(phone);
      if (!terminal) return { ok: false, reason: 'terminal_not_filed' };
      if (terminal.status !== 'active') return { ok: false, reason: 'terminal_disabled' };
      if (body.layout !== 'jiapei') {
        if (!terminal.authCode) return { ok: false, reason: 'not_registered' };
        return body.authCode === terminal.authCode
          ? { ok: true, terminal, verification: 'not_applicable' }
          : { ok: false, reason: 'wrong_auth_code' };
      }
      if (policy.signature === 'off') return { ok: true, terminal, verification: 'not_applicable' };
      const verifier = terminal.certificatePem ? createRsaVerifier(terminal.certificatePem) : undefined;
      const checked = verifyJiapeiAuthentication(body, terminal.terminalNumber.trim(), {
        policy: policy.signature,
        ...(verifier ? { verifier } : {}),
      });
      const skew = Math.abs(clock.now().getTime() / 1000 - (body.timestamp ?? 0));
      const status = checked.status === 'valid' && skew > policy.maxSkewSeconds ? 'stale' : checked.status;
      if (policy.signature === 'enforce' && status !== 'valid') {
        return { ok: false, reason: `signature_${status}`, verification: status };
      }
      return { ok: true, terminal, verification: status };
    },

    /** A certificate-backed verifier for this terminal's 校验串, or undefined when none is filed. */
    verifierFor(terminal: TerminalIdentity) {
      return terminal.certificatePem ? createRsaVerifier(terminal.certificatePem) : undefined;
    },
  };
}

export type TerminalLinkService = ReturnType<typeof createTerminalLinkService>;
