import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { requirePermission, type Actor } from '../../shared/access.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { isValidIdNumber, type IdNumberVault } from '../../shared/identity-number.ts';
import { renderPdf, type PdfLine } from '../../shared/pdf.ts';
import { Permission, Role } from '../../shared/permissions.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import type { EscrowLedgerService } from '../escrow-ledger/index.ts';
import type { IdentityService } from '../identity/index.ts';
import { chinaDate, enrolmentBlockOf } from '../supervision/index.ts';
import { cityOf, type ContractTemplatesService } from './contract-templates.service.ts';
import {
  canonicalJson,
  describeReleasePlan,
  fillTemplate,
  sameName,
  sha256Hex,
  signCanonical,
  validReleasePlan,
  verifyCanonical,
  yuan,
  type PlaceholderKey,
  type SchoolSigning,
  type TraineeSigning,
} from './contract-text.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An identity photo is a small portrait: a few hundred KB at most, JPEG or PNG. */
export const PHOTO_MAX_BYTES = 200 * 1024;
const PHOTO_MIN_BYTES = 100;

export type PhotoInput = { contentType: string; base64: string };
export type AnonymousEnrolmentInput = {
  name: string;
  idNumber: string;
  phone: string;
  photo: PhotoInput;
  password: string;
  schoolId: string;
  classTypeId: string;
  idempotencyKey: string;
};
export type TraineeEnrolmentInput = {
  schoolId: string;
  classTypeId: string;
  idempotencyKey: string;
  photo?: PhotoInput | undefined;
};

/** Decodes and checks an identity photo: declared type, size, and the file's own magic bytes. */
export function checkPhoto(photo: PhotoInput): { contentType: 'image/jpeg' | 'image/png'; bytes: Buffer } {
  const bad = (message: string) => new AppError('enrolment.photo_invalid', { message });
  if (photo.contentType !== 'image/jpeg' && photo.contentType !== 'image/png') {
    throw bad('the photo must be a JPEG or PNG image');
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(photo.base64)) throw bad('the photo is not base64');
  const bytes = Buffer.from(photo.base64, 'base64');
  if (bytes.length > PHOTO_MAX_BYTES) throw bad(`the photo is larger than ${PHOTO_MAX_BYTES / 1024} KB`);
  if (bytes.length < PHOTO_MIN_BYTES) throw bad('the photo is too small to be an image');
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const isPng = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if ((photo.contentType === 'image/jpeg' && !isJpeg) || (photo.contentType === 'image/png' && !isPng)) {
    throw bad(`the file is not a ${photo.contentType} image`);
  }
  return { contentType: photo.contentType, bytes };
}

/** GB 11643: 18 characters, a real month and day, and the MOD 11-2 check character. */
export function normaliseIdNumber(value: string): string {
  const id = value.trim().toUpperCase();
  if (!isValidIdNumber(id)) {
    throw new AppError('enrolment.id_number_invalid', {
      message: 'identity number fails the GB 11643 check',
      details: [{ field: 'idNumber', message: 'not a valid resident identity number (check digit)' }],
    });
  }
  return id;
}

/** The 17th digit of a resident identity number is odd for men, even for women. */
const genderOf = (id: string) => (Number(id[16]) % 2 === 1 ? 'male' : 'female');

type Db = Kysely<DB>;

/**
 * 报名与电子合同. A trainee applies with their real-name identity for a class type of an enrolling school;
 * the contract is generated from the city's template in force with every term filled; the trainee signs
 * it (typed name, consent, server time), the school countersigns it with its key, and in that same
 * transaction the escrow ledger opens the contract the trainee then pays into. A trainee who already has
 * an active contract and signs with another school transfers: the ledger moves the remaining escrow
 * once the new contract is countersigned; hours stay with the trainee.
 */
export function createEnrolmentService(deps: {
  db: Db;
  clock: Clock;
  audit: AuditLogService;
  vault: IdNumberVault;
  identity: IdentityService;
  hashPassword: (plain: string) => Promise<string>;
  escrow: EscrowLedgerService;
  templates: ContractTemplatesService;
}) {
  const { db, clock, audit, vault, identity, hashPassword, escrow, templates } = deps;

  // ---- shared pieces ----------------------------------------------------------------------------
  async function requireOffer(tx: Db, schoolId: string, classTypeId: string) {
    if (!UUID.test(schoolId)) throw new AppError('registry.school_not_found');
    const school = await tx.selectFrom('schools').selectAll().where('id', '=', schoolId).executeTakeFirst();
    if (!school) throw new AppError('registry.school_not_found');
    if (school.status !== 'operating') {
      throw new AppError('enrolment.school_not_enrolling', {
        message: `school is ${school.status}`,
        details: { status: school.status },
      });
    }
    // 重点监管 with 停止招生 or 停业整顿 refuses new enrolments while the entry is in effect.
    const sanction = await enrolmentBlockOf(tx, school.id, chinaDate(clock.now()));
    if (sanction) {
      throw new AppError('enrolment.school_sanctioned', {
        message: `school is under key supervision: ${sanction.sanction}`,
        details: { sanction: sanction.sanction, untilDate: sanction.untilDate },
      });
    }
    const classType = UUID.test(classTypeId)
      ? await tx
          .selectFrom('classTypes')
          .selectAll()
          .where('id', '=', classTypeId)
          .where('schoolId', '=', schoolId)
          .executeTakeFirst()
      : undefined;
    if (!classType || classType.status !== 'on_sale' || classType.priceFen <= 0) {
      throw new AppError('enrolment.class_type_unavailable');
    }
    const template = await templates.inForce(tx, cityOf(school.countyCode), clock.now());
    if (!template) {
      throw new AppError('enrolment.no_template', { message: `no template for ${school.countyCode}` });
    }
    const fees = await tx
      .selectFrom('classTypeFees')
      .selectAll()
      .where('classTypeId', '=', classType.id)
      .orderBy('position')
      .execute();
    return { school, classType, template, fees };
  }
  type Offer = Awaited<ReturnType<typeof requireOffer>>;

  /** Fills every placeholder; the text shown, signed and hashed is exactly this. */
  function terms(
    offer: Offer,
    trainee: { name: string; idNumberMasked: string; phone: string; traineeNumber: string },
    contractNumber: string,
  ): Record<PlaceholderKey, string> {
    const { school, classType, template, fees } = offer;
    const plan = validReleasePlan(template.releasePlan);
    const included = fees.filter((f) => f.kind === 'included');
    const extra = fees.filter((f) => f.kind === 'extra');
    const breakdown = [
      ...(included.length
        ? included.map((f) => `${f.item}：${yuan(f.amountFen)} 元${f.note ? `（${f.note}）` : ''}`)
        : [`培训费：${yuan(classType.priceFen)} 元`]),
      ...extra.map(
        (f) => `${f.item}（另计，发生时收取）：${yuan(f.amountFen)} 元${f.note ? `（${f.note}）` : ''}`,
      ),
    ].join('\n');
    return {
      'contract.number': contractNumber,
      'contract.date': new Date(clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10),
      'template.version': `${template.cityCode}-v${template.version}`,
      'school.name': school.name,
      'school.creditCode': school.creditCode,
      'school.licenceNumber': school.licenceNumber,
      'school.address': school.address,
      'school.phone': school.phone,
      'trainee.name': trainee.name,
      'trainee.idNumber': trainee.idNumberMasked,
      'trainee.phone': trainee.phone,
      'trainee.traineeNumber': trainee.traineeNumber,
      'classType.name': classType.name,
      'classType.licenceClass': classType.licenceClass,
      'price.total': yuan(classType.priceFen),
      'price.breakdown': breakdown,
      releasePlan: describeReleasePlan(plan, classType.priceFen, template.perHourFen),
      refundRule: template.refundRule,
      perHourPrice: yuan(template.perHourFen),
      disputeClause: template.disputeClause,
    };
  }

  function newContractNumber(): string {
    const day = new Date(clock.now().getTime() + 8 * 3_600_000)
      .toISOString()
      .slice(0, 10)
      .replaceAll('-', '');
    return `JP${day}${randomBytes(4).toString('hex').toUpperCase()}`;
  }

  async function insertContract(
    tx: Db,
    offer: Offer,
    trainee: { id: string; name: string; idNumberMasked: string; phone: string; traineeNumber: string },
    key: { idempotencyKey: string; requestHash: string },
    transferFrom: string | null,
  ) {
    const contractNumber = newContractNumber();
    const filled = terms(offer, trainee, contractNumber);
    const text = fillTemplate(offer.template.body, filled);
    const now = clock.now();
    return tx
      .insertInto('enrolmentContracts')
      .values({
        contractNumber,
        traineeId: trainee.id,
        schoolId: offer.school.id,
        classTypeId: offer.classType.id,
        templateId: offer.template.id,
        priceFen: offer.classType.priceFen,
        perHourFen: offer.template.perHourFen,
        releasePlan: JSON.stringify(offer.template.releasePlan),
        terms: JSON.stringify(filled),
        text,
        textSha256: sha256Hex(text),
        transferFrom,
        idempotencyKey: key.idempotencyKey,
        requestHash: key.requestHash,
        createdAt: now,
        updatedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  async function upsertPhoto(tx: Db, traineeId: string, photo: ReturnType<typeof checkPhoto>) {
    const row = {
      traineeId,
      contentType: photo.contentType,
      bytes: photo.bytes,
      sha256: createHash('sha256').update(photo.bytes).digest('hex'),
      updatedAt: clock.now(),
    };
    await tx
      .insertInto('traineePhotos')
      .values(row)
      .onConflict((oc) =>
        oc.column('traineeId').doUpdateSet({
          contentType: row.contentType,
          bytes: row.bytes,
          sha256: row.sha256,
          updatedAt: row.updatedAt,
        }),
      )
      .execute();
  }

  /** The next 学员编号 of a county and year (same shape as the seed's): county + year + 6-digit serial. */
  async function nextTraineeNumber(tx: Db, countyCode: string): Promise<string> {
    const prefix = `${countyCode}${new Date(clock.now().getTime() + 8 * 3_600_000).getUTCFullYear()}`;
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`trainee-number:${prefix}`}))`.execute(tx);
    const last = await tx
      .selectFrom('trainees')
      .select((eb) => eb.fn.max('traineeNumber').as('n'))
      .where('traineeNumber', 'like', `${prefix}%`)
      .executeTakeFirst();
    const serial = last?.n ? Number(String(last.n).slice(10)) + 1 : 1;
    if (serial > 999_999) {
      throw new AppError('internal.error', { message: `trainee numbers of ${prefix} exhausted` });
    }
    return `${prefix}${String(serial).padStart(6, '0')}`;
  }

  const lockKey = (tx: Db, key: string) => sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(tx);

  async function findByKey(tx: Db, idempotencyKey: string) {
    return tx
      .selectFrom('enrolmentContracts')
      .select(['id', 'traineeId', 'requestHash'])
      .where('idempotencyKey', '=', idempotencyKey)
      .executeTakeFirst();
  }

  function sameRequest(earlier: { requestHash: string }, requestHash: string) {
    if (earlier.requestHash !== requestHash) {
      throw new AppError('enrolment.idempotency_conflict', {
        message: 'this idempotency key was used for a different enrolment',
      });
    }
  }

  // ---- reading a contract -------------------------------------------------------------------------
  async function loadContract(tx: Db, id: string, forUpdate = false) {
    if (!UUID.test(id)) return undefined;
    let q = tx.selectFrom('enrolmentContracts').selectAll().where('id', '=', id);
    if (forUpdate) q = q.forUpdate();
    return q.executeTakeFirst();
  }
  type ContractRow = NonNullable<Awaited<ReturnType<typeof loadContract>>>;

  function traineeSigning(c: ContractRow): TraineeSigning | null {
    if (!c.traineeSignedAt || !c.traineeSignedName) return null;
    return {
      format: 'jiapei.enrolment-contract.trainee/1',
      contractId: c.id,
      contractNumber: c.contractNumber,
      textSha256: c.textSha256,
      traineeId: c.traineeId,
      signedName: c.traineeSignedName,
      consent: true,
      signedAt: c.traineeSignedAt.toISOString(),
    };
  }

  function schoolSigning(c: ContractRow): SchoolSigning | null {
    if (!c.schoolSignedAt || !c.schoolSignedBy || !c.traineeSignatureSha256) return null;
    return {
      format: 'jiapei.enrolment-contract.school/1',
      contractId: c.id,
      contractNumber: c.contractNumber,
      textSha256: c.textSha256,
      traineeSignatureSha256: c.traineeSignatureSha256,
      schoolId: c.schoolId,
      signedBy: c.schoolSignedBy,
      signedAt: c.schoolSignedAt.toISOString(),
    };
  }

  /**
   * Recomputes what was signed: the stored text against its hash, the trainee's signing record against
   * its hash, and the school's RSA signature against the school's public key. Any edit of the stored
   * text, name, times or signatures shows up here.
   */
  async function verify(tx: Db, c: ContractRow) {
    const textHashValid = sha256Hex(c.text) === c.textSha256;
    const ts = traineeSigning(c);
    const traineeSignatureValid = ts ? sha256Hex(canonicalJson(ts)) === c.traineeSignatureSha256 : null;
    const ss = schoolSigning(c);
    let schoolSignatureValid: boolean | null = null;
    if (ss && c.schoolSignature) {
      const key = await tx
        .selectFrom('schoolSigningKeys')
        .select('publicKeyPem')
        .where('schoolId', '=', c.schoolId)
        .executeTakeFirst();
      schoolSignatureValid = !!key && verifyCanonical(canonicalJson(ss), c.schoolSignature, key.publicKeyPem);
    }
    return {
      textHashValid,
      traineeSignatureValid,
      schoolSignatureValid,
      valid: textHashValid && traineeSignatureValid !== false && schoolSignatureValid !== false,
    };
  }

  async function contractDetail(tx: Db, c: ContractRow) {
    const [school, classType, trainee, template, escrowRow, key] = await Promise.all([
      tx.selectFrom('schools').select(['id', 'name']).where('id', '=', c.schoolId).executeTakeFirstOrThrow(),
      tx
        .selectFrom('classTypes')
        .select(['id', 'name', 'licenceClass'])
        .where('id', '=', c.classTypeId)
        .executeTakeFirstOrThrow(),
      tx
        .selectFrom('trainees')
        .select(['id', 'name', 'traineeNumber', 'idNumberMasked', 'phone'])
        .where('id', '=', c.traineeId)
        .executeTakeFirstOrThrow(),
      tx
        .selectFrom('contractTemplates')
        .select(['id', 'version', 'title', 'cityCode'])
        .where('id', '=', c.templateId)
        .executeTakeFirstOrThrow(),
      c.escrowContractId
        ? tx
            .selectFrom('escrowContracts')
            .select(['id', 'status'])
            .where('id', '=', c.escrowContractId)
            .executeTakeFirst()
        : undefined,
      c.schoolSignature
        ? tx
            .selectFrom('schoolSigningKeys')
            .select(['algorithm', 'publicKeyPem'])
            .where('schoolId', '=', c.schoolId)
            .executeTakeFirst()
        : undefined,
    ]);
    return {
      id: c.id,
      contractNumber: c.contractNumber,
      status: c.status as ContractStatus,
      school,
      classType,
      trainee: { ...trainee, traineeNumber: trainee.traineeNumber.trim() },
      template,
      priceFen: c.priceFen,
      perHourFen: c.perHourFen,
      releasePlan: validReleasePlan(c.releasePlan),
      terms: c.terms as Record<string, string>,
      text: c.text,
      textSha256: c.textSha256,
      traineeSignature: c.traineeSignedAt
        ? {
            signedName: c.traineeSignedName ?? '',
            signedAt: c.traineeSignedAt.toISOString(),
            sha256: c.traineeSignatureSha256 ?? '',
          }
        : null,
      schoolSignature:
        c.schoolSignedAt && c.schoolSignature
          ? {
              signedAt: c.schoolSignedAt.toISOString(),
              signature: c.schoolSignature,
              algorithm: key?.algorithm ?? 'RSA-SHA256',
              publicKeyPem: key?.publicKeyPem ?? '',
            }
          : null,
      escrow: escrowRow ? { contractId: escrowRow.id, status: escrowRow.status } : null,
      transferFromContractId: c.transferFrom,
      transferDone: c.transferFrom ? c.transferDoneAt !== null : null,
      verification: await verify(tx, c),
      createdAt: c.createdAt.toISOString(),
    };
  }

  function summary(c: ContractRow & { schoolName: string; traineeName: string; classTypeName: string }) {
    return {
      id: c.id,
      contractNumber: c.contractNumber,
      status: c.status as ContractStatus,
      schoolId: c.schoolId,
      schoolName: c.schoolName,
      traineeId: c.traineeId,
      traineeName: c.traineeName,
      classTypeName: c.classTypeName,
      priceFen: c.priceFen,
      traineeSignedAt: c.traineeSignedAt?.toISOString() ?? null,
      schoolSignedAt: c.schoolSignedAt?.toISOString() ?? null,
      escrowContractId: c.escrowContractId,
      createdAt: c.createdAt.toISOString(),
    };
  }

  function listQuery(tx: Db) {
    return tx
      .selectFrom('enrolmentContracts as c')
      .innerJoin('schools as s', 's.id', 'c.schoolId')
      .innerJoin('trainees as t', 't.id', 'c.traineeId')
      .innerJoin('classTypes as k', 'k.id', 'c.classTypeId')
      .selectAll('c')
      .select(['s.name as schoolName', 't.name as traineeName', 'k.name as classTypeName'])
      .orderBy('c.createdAt', 'desc');
  }

  /** The caller's own contract (trainee) or their school's (school user); others are not disclosed. */
  async function requireVisible(actor: Actor, id: string, tx: Db = db, forUpdate = false) {
    const c = await loadContract(tx, id, forUpdate);
    const mine =
      c &&
      ((actor.role === Role.trainee && actor.traineeId === c.traineeId) ||
        (actor.role !== Role.trainee && actor.schoolId !== null && actor.schoolId === c.schoolId));
    if (!c || !mine) throw new AppError('enrolment.contract_not_found');
    return c;
  }

  async function schoolKey(tx: Db, schoolId: string) {
    const existing = await tx
      .selectFrom('schoolSigningKeys')
      .select(['publicKeyPem', 'privateKeyPem'])
      .where('schoolId', '=', schoolId)
      .executeTakeFirst();
    if (existing) return existing;
    // The same per-school key as 阶段报审 records (0008): generated on first use, kept server-side.
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await tx
      .insertInto('schoolSigningKeys')
      .values({
        schoolId,
        algorithm: 'RSA-SHA256',
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      })
      .onConflict((oc) => oc.column('schoolId').doNothing())
      .execute();
    return tx
      .selectFrom('schoolSigningKeys')
      .select(['publicKeyPem', 'privateKeyPem'])
      .where('schoolId', '=', schoolId)
      .executeTakeFirstOrThrow();
  }

  /**
   * 转学: the trainee's earlier contract gives up its escrow to the new one through the ledger (as the
   * trainee, who asked for it by signing the new contract). An unpaid earlier contract is closed with
   * nothing to move. Idempotent: the ledger keys the transfer on the old contract, and done is recorded.
   */
  async function completeTransfer(c: ContractRow) {
    if (!c.transferFrom || c.transferDoneAt || !c.escrowContractId) return;
    const old = await loadContract(db, c.transferFrom);
    const oldEscrow = old?.escrowContractId
      ? await db
          .selectFrom('escrowContracts')
          .select(['id', 'status'])
          .where('id', '=', old.escrowContractId)
          .executeTakeFirst()
      : undefined;
    const user = await db
      .selectFrom('users')
      .select(['id', 'username', 'regionCode', 'schoolId', 'coachId', 'traineeId'])
      .where('traineeId', '=', c.traineeId)
      .where('role', '=', Role.trainee)
      .executeTakeFirst();
    if (oldEscrow && user) {
      const traineeActor: Actor = { ...user, userId: user.id, role: Role.trainee };
      if (oldEscrow.status === 'active') {
        await escrow.transfer(traineeActor, oldEscrow.id, { toContractId: c.escrowContractId });
      } else if (oldEscrow.status === 'awaiting_payment') {
        await escrow.withdraw(traineeActor, oldEscrow.id);
      }
    }
    await db.transaction().execute(async (tx) => {
      const now = clock.now();
      await tx
        .updateTable('enrolmentContracts')
        .set({ transferDoneAt: now, updatedAt: now })
        .where('id', '=', c.id)
        .where('transferDoneAt', 'is', null)
        .execute();
      if (old) {
        await tx
          .updateTable('enrolmentContracts')
          .set({ status: 'transferred', updatedAt: now })
          .where('id', '=', old.id)
          .where('status', '=', 'active')
          .execute();
      }
      await audit.append(tx, null, {
        action: 'enrolment.transferred',
        entityType: 'enrolment_contract',
        entityId: c.id,
        schoolId: c.schoolId,
        details: { fromContractId: c.transferFrom, escrowFrom: oldEscrow?.id ?? null },
      });
    });
  }

  const countersigning = new Map<string, Promise<ContractRow>>();

  /**
   * Signs, activates, puts the trainee on the roster and opens the escrow contract in one transaction,
   * so a contract is never active without its escrow. The credited minutes the escrow contract starts
   * from are read before the transaction (the ledger reads them through the pool, which the embedded
   * database's single connection would block).
   */
  async function countersignOnce(actor: Actor, id: string): Promise<ContractRow> {
    const pending = UUID.test(id)
      ? await db.selectFrom('enrolmentContracts').select('traineeId').where('id', '=', id).executeTakeFirst()
      : undefined;
    const minutesAtStart = pending ? await escrow.creditedMinutesOf(pending.traineeId) : 0;

    async function openEscrow(tx: Db, contract: ContractRow): Promise<ContractRow> {
      const opened = await escrow.openContract(
        {
          traineeId: contract.traineeId,
          schoolId: contract.schoolId,
          classTypeId: contract.classTypeId,
          priceFen: contract.priceFen,
          perHourFen: contract.perHourFen,
          releasePlan: contract.releasePlan,
          minutesAtStart,
        },
        tx,
      );
      const linked = await tx
        .updateTable('enrolmentContracts')
        .set({ escrowContractId: opened.id, updatedAt: clock.now() })
        .where('id', '=', contract.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit.append(tx, actor, {
        action: 'enrolment.escrow_opened',
        entityType: 'enrolment_contract',
        entityId: contract.id,
        schoolId: contract.schoolId,
        details: { escrowContractId: opened.id },
      });
      return linked;
    }

    return db.transaction().execute(async (tx) => {
      const c = await requireVisible(actor, id, tx, true);
      if (c.status === 'active') return c.escrowContractId ? c : openEscrow(tx, c);
      if (c.status !== 'awaiting_school_signature') {
        throw new AppError('enrolment.wrong_state', { message: `contract is ${c.status}` });
      }
      const check = await verify(tx, c);
      if (!check.textHashValid || !check.traineeSignatureValid) {
        throw new AppError('enrolment.signature_invalid', {
          message: 'the stored text or the trainee signature does not verify',
          details: check,
        });
      }
      const key = await schoolKey(tx, c.schoolId);
      const signedAt = clock.now();
      const record = schoolSigning({ ...c, schoolSignedAt: signedAt, schoolSignedBy: actor.userId })!;
      const signature = signCanonical(canonicalJson(record), key.privateKeyPem);
      const row = await tx
        .updateTable('enrolmentContracts')
        .set({
          status: 'active',
          schoolSignedAt: signedAt,
          schoolSignedBy: actor.userId,
          schoolSignature: signature,
          updatedAt: signedAt,
        })
        .where('id', '=', c.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      // The trainee is now on this school's roster (an applicant becomes a trainee; a transfer moves).
      const classType = await tx
        .selectFrom('classTypes')
        .select('licenceClass')
        .where('id', '=', c.classTypeId)
        .executeTakeFirstOrThrow();
      const trainee = await tx
        .selectFrom('trainees')
        .select('status')
        .where('id', '=', c.traineeId)
        .executeTakeFirstOrThrow();
      await tx
        .updateTable('trainees')
        .set({
          schoolId: c.schoolId,
          classTypeId: c.classTypeId,
          licenceClass: classType.licenceClass,
          status: 'training',
          ...(trainee.status === 'applicant'
            ? { enrolledOn: new Date(signedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) }
            : {}),
          updatedAt: signedAt,
        })
        .where('id', '=', c.traineeId)
        .execute();
      await audit.append(tx, actor, {
        action: 'enrolment.school_signed',
        entityType: 'enrolment_contract',
        entityId: c.id,
        schoolId: c.schoolId,
        details: { signatureOf: sha256Hex(canonicalJson(record)), transferFrom: c.transferFrom },
      });
      return openEscrow(tx, row);
    });
  }

  return {
    /** 报名 for someone without an account: creates the trainee (as an applicant) and their login, then signs in. */
    async enrolAnonymous(input: AnonymousEnrolmentInput, meta: { ip: string; userAgent: string }) {
      const name = input.name.normalize('NFKC').trim();
      const idNumber = normaliseIdNumber(input.idNumber);
      const phone = input.phone.trim();
      const photo = checkPhoto(input.photo);
      const requestHash = sha256Hex(
        canonicalJson({
          name,
          idHash: vault.lookupHash(idNumber),
          phone,
          schoolId: input.schoolId,
          classTypeId: input.classTypeId,
          photo: createHash('sha256').update(photo.bytes).digest('hex'),
        }),
      );
      const earlier = await findByKey(db, input.idempotencyKey);
      if (!earlier) await requireOffer(db, input.schoolId, input.classTypeId);
      const passwordHash = earlier ? null : await hashPassword(input.password);

      const created = await db.transaction().execute(async (tx) => {
        await lockKey(tx, `enrolment:${input.idempotencyKey}`);
        const again = await findByKey(tx, input.idempotencyKey);
        if (again) {
          sameRequest(again, requestHash);
          return again;
        }
        if (!passwordHash) throw new AppError('internal.error', { message: 'enrolment vanished' });
        const protectedId = vault.protect(idNumber);
        await lockKey(tx, `enrolment-person:${protectedId.hash}`);
        const known = await tx
          .selectFrom('trainees')
          .select('id')
          .where('idNumberHash', '=', protectedId.hash)
          .executeTakeFirst();
        if (known) {
          throw new AppError('enrolment.already_registered', {
            message: 'this identity number already has a trainee account; sign in to enrol',
          });
        }
        const offer = await requireOffer(tx, input.schoolId, input.classTypeId);
        const traineeNumber = await nextTraineeNumber(tx, offer.school.countyCode);
        const today = new Date(clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
        const trainee = await tx
          .insertInto('trainees')
          .values({
            schoolId: offer.school.id,
            traineeNumber,
            name,
            gender: genderOf(idNumber),
            idNumberCipher: protectedId.cipher,
            idNumberHash: protectedId.hash,
            idNumberMasked: protectedId.masked,
            phone,
            licenceClass: offer.classType.licenceClass,
            classTypeId: offer.classType.id,
            enrolledOn: today,
            status: 'applicant',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        // The login is the trainee number: unique, already on every paper the trainee gets.
        const user = await tx
          .insertInto('users')
          .values({
            username: traineeNumber,
            passwordHash,
            displayName: name,
            role: Role.trainee,
            traineeId: trainee.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await upsertPhoto(tx, trainee.id, photo);
        const contract = await insertContract(
          tx,
          offer,
          { id: trainee.id, name, idNumberMasked: protectedId.masked, phone, traineeNumber },
          { idempotencyKey: input.idempotencyKey, requestHash },
          null,
        );
        await audit.append(
          tx,
          { userId: user.id, role: Role.trainee },
          {
            action: 'enrolment.applied',
            entityType: 'enrolment_contract',
            entityId: contract.id,
            schoolId: offer.school.id,
            regionCode: offer.school.countyCode,
            details: {
              traineeId: trainee.id,
              classTypeId: offer.classType.id,
              templateId: offer.template.id,
            },
          },
        );
        return { id: contract.id, traineeId: trainee.id, requestHash };
      });
      const account = await db
        .selectFrom('users')
        .select('username')
        .where('traineeId', '=', created.traineeId)
        .where('role', '=', Role.trainee)
        .executeTakeFirstOrThrow();
      // Signing in goes through the real login (lockout, throttle, audit); a retry must know the password.
      const session = await identity.login({
        username: account.username,
        password: input.password,
        portal: 'public',
        ip: meta.ip,
        userAgent: meta.userAgent,
      });
      const contract = await loadContract(db, created.id);
      return {
        username: account.username,
        session,
        contract: await contractDetail(db, contract!),
      };
    },

    /** 报名 by a signed-in trainee; with an active contract elsewhere this is a transfer (转学). */
    async enrolAsTrainee(actor: Actor, input: TraineeEnrolmentInput) {
      requirePermission(actor, Permission.traineeEnrolment);
      if (!actor.traineeId) throw new AppError('auth.forbidden', { message: 'not a trainee account' });
      const traineeId = actor.traineeId;
      const photo = input.photo ? checkPhoto(input.photo) : null;
      const requestHash = sha256Hex(
        canonicalJson({ traineeId, schoolId: input.schoolId, classTypeId: input.classTypeId }),
      );
      const id = await db.transaction().execute(async (tx) => {
        await lockKey(tx, `enrolment:${input.idempotencyKey}`);
        const again = await findByKey(tx, input.idempotencyKey);
        if (again) {
          if (again.traineeId !== traineeId) {
            throw new AppError('enrolment.idempotency_conflict', { message: 'key used by another trainee' });
          }
          sameRequest(again, requestHash);
          return again.id;
        }
        await lockKey(tx, `enrolment-trainee:${traineeId}`);
        const trainee = await tx
          .selectFrom('trainees')
          .select(['id', 'name', 'idNumberMasked', 'phone', 'traineeNumber', 'status'])
          .where('id', '=', traineeId)
          .executeTakeFirstOrThrow();
        if (trainee.status === 'graduated') {
          throw new AppError('enrolment.wrong_state', { message: 'the trainee has graduated' });
        }
        const mine = await tx
          .selectFrom('enrolmentContracts')
          .select(['id', 'status', 'schoolId', 'classTypeId'])
          .where('traineeId', '=', traineeId)
          .where('status', 'in', ['awaiting_trainee_signature', 'awaiting_school_signature', 'active'])
          .execute();
        const pending = mine.find((c) => c.status !== 'active');
        if (pending) {
          throw new AppError('enrolment.contract_pending', {
            message: 'finish or cancel the contract in progress first',
            details: { contractId: pending.id },
          });
        }
        const active = mine.find((c) => c.status === 'active');
        if (active && active.schoolId === input.schoolId && active.classTypeId === input.classTypeId) {
          throw new AppError('enrolment.wrong_state', { message: 'already enrolled in this class type' });
        }
        const offer = await requireOffer(tx, input.schoolId, input.classTypeId);
        if (photo) await upsertPhoto(tx, traineeId, photo);
        const contract = await insertContract(
          tx,
          offer,
          { ...trainee, traineeNumber: trainee.traineeNumber.trim() },
          { idempotencyKey: input.idempotencyKey, requestHash },
          active?.id ?? null,
        );
        await audit.append(tx, actor, {
          action: active ? 'enrolment.transfer_applied' : 'enrolment.applied',
          entityType: 'enrolment_contract',
          entityId: contract.id,
          schoolId: offer.school.id,
          regionCode: offer.school.countyCode,
          details: { traineeId, classTypeId: offer.classType.id, transferFrom: active?.id ?? null },
        });
        return contract.id;
      });
      return contractDetail(db, (await loadContract(db, id))!);
    },

    async myContracts(actor: Actor) {
      requirePermission(actor, Permission.traineeEnrolment);
      if (!actor.traineeId) return { contracts: [] };
      const rows = await listQuery(db).where('c.traineeId', '=', actor.traineeId).execute();
      return { contracts: rows.map(summary) };
    },

    async contract(actor: Actor, id: string) {
      return contractDetail(db, await requireVisible(actor, id));
    },

    /** The trainee signs what they read: typed name, explicit consent, and the hash of the text shown. */
    async signAsTrainee(
      actor: Actor,
      id: string,
      input: { signedName: string; consent: boolean; textSha256: string },
    ) {
      requirePermission(actor, Permission.traineeEnrolment);
      const signed = await db.transaction().execute(async (tx) => {
        const c = await requireVisible(actor, id, tx, true);
        const trainee = await tx
          .selectFrom('trainees')
          .select('name')
          .where('id', '=', c.traineeId)
          .executeTakeFirstOrThrow();
        if (input.consent !== true) {
          throw new AppError('enrolment.consent_required', {
            details: [{ field: 'consent', message: 'tick the box to agree to the contract' }],
          });
        }
        if (!sameName(input.signedName, trainee.name)) {
          throw new AppError('enrolment.name_mismatch', {
            details: [{ field: 'signedName', message: 'type your name exactly as on your identity card' }],
          });
        }
        if (c.status !== 'awaiting_trainee_signature') {
          // A retried signature of the same text is the same signature.
          if (c.traineeSignedAt && input.textSha256 === c.textSha256) return c;
          throw new AppError('enrolment.wrong_state', { message: `contract is ${c.status}` });
        }
        if (sha256Hex(c.text) !== c.textSha256) {
          throw new AppError('enrolment.signature_invalid', {
            message: 'the stored text does not match its hash',
          });
        }
        if (input.textSha256 !== c.textSha256) {
          throw new AppError('enrolment.text_changed', { message: 'the text signed is not the text stored' });
        }
        const signedAt = clock.now();
        const record: TraineeSigning = {
          format: 'jiapei.enrolment-contract.trainee/1',
          contractId: c.id,
          contractNumber: c.contractNumber,
          textSha256: c.textSha256,
          traineeId: c.traineeId,
          signedName: trainee.name,
          consent: true,
          signedAt: signedAt.toISOString(),
        };
        const sha = sha256Hex(canonicalJson(record));
        const row = await tx
          .updateTable('enrolmentContracts')
          .set({
            status: 'awaiting_school_signature',
            traineeSignedName: trainee.name,
            traineeSignedAt: signedAt,
            traineeSignatureSha256: sha,
            updatedAt: signedAt,
          })
          .where('id', '=', c.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.append(tx, actor, {
          action: 'enrolment.trainee_signed',
          entityType: 'enrolment_contract',
          entityId: c.id,
          schoolId: c.schoolId,
          details: { textSha256: c.textSha256, signatureSha256: sha },
        });
        return row;
      });
      return contractDetail(db, signed);
    },

    /** Payment of what the contract still needs, through the escrow ledger (escrowed once the bank confirms). */
    async startPayment(actor: Actor, id: string, input: { idempotencyKey: string }) {
      requirePermission(actor, Permission.traineeEnrolment);
      const c = await requireVisible(actor, id);
      if (c.status !== 'active' || !c.escrowContractId) {
        throw new AppError('enrolment.wrong_state', { message: 'the school has not countersigned yet' });
      }
      return escrow.startPayment(actor, c.escrowContractId, input);
    },

    // ---- the school ----------------------------------------------------------------------------
    async schoolContracts(actor: Actor, query: { status?: string | undefined }) {
      requirePermission(actor, Permission.schoolContractRead);
      if (!actor.schoolId) throw new AppError('auth.forbidden');
      let q = listQuery(db).where('c.schoolId', '=', actor.schoolId);
      if (query.status) q = q.where('c.status', '=', query.status);
      return { contracts: (await q.limit(500).execute()).map(summary) };
    },

    /**
     * 机构签章: the school signs the trainee's signing record with its key; the contract is in force and
     * the escrow ledger's contract opens in the same transaction (awaiting payment). A transfer then
     * moves the earlier contract's escrow. A retry returns the same contract (and finishes a transfer).
     */
    async countersign(actor: Actor, id: string) {
      requirePermission(actor, Permission.schoolContractSign);
      const first = await requireVisible(actor, id);
      if (first.status === 'awaiting_school_signature') await schoolKey(db, first.schoolId);
      // One countersignature at a time per contract in this process (a double click, a retry racing
      // the first request): the escrow contract is opened after the signing transaction, see below.
      const previous = countersigning.get(id) ?? Promise.resolve();
      const run = previous.catch(() => undefined).then(() => countersignOnce(actor, id));
      countersigning.set(id, run);
      try {
        const signed = await run;
        await completeTransfer(signed);
      } finally {
        if (countersigning.get(id) === run) countersigning.delete(id);
      }
      return contractDetail(db, (await loadContract(db, id))!);
    },

    /** The signed contract as a PDF with its Chinese text, hashes and signatures. */
    async contractPdf(actor: Actor, id: string): Promise<{ fileName: string; pdf: Buffer }> {
      const c = await requireVisible(actor, id);
      const d = await contractDetail(db, c);
      const lines: PdfLine[] = [
        { kind: 'title', text: d.template.title },
        {
          kind: 'text',
          text: `合同编号：${d.contractNumber}\u3000示范文本：${d.template.cityCode}-v${d.template.version}`,
        },
        { kind: 'gap' },
        ...d.text
          .split('\n')
          .map((line): PdfLine => (line.trim() ? { kind: 'text', text: line } : { kind: 'gap' })),
        { kind: 'heading', text: '签署' },
        {
          kind: 'text',
          text: d.traineeSignature
            ? `学员签名：${d.traineeSignature.signedName}\u3000签署时间：${d.traineeSignature.signedAt}（UTC）`
            : '学员签名：（未签署）',
        },
        {
          kind: 'text',
          text: d.schoolSignature
            ? `培训机构签章：${d.school.name}\u3000签署时间：${d.schoolSignature.signedAt}（UTC）`
            : '培训机构签章：（未签署）',
        },
        { kind: 'text', text: '合同文本摘要 SHA-256：' },
        { kind: 'mono', text: d.textSha256 },
        ...(d.traineeSignature
          ? ([
              { kind: 'text', text: '学员签署记录摘要 SHA-256：' },
              { kind: 'mono', text: d.traineeSignature.sha256 },
            ] as PdfLine[])
          : []),
        ...(d.schoolSignature
          ? ([
              { kind: 'text', text: '机构签名（RSA-SHA256，Base64）：' },
              { kind: 'mono', text: d.schoolSignature.signature },
            ] as PdfLine[])
          : []),
      ];
      return {
        fileName: `contract-${d.contractNumber}.pdf`,
        pdf: await renderPdf(lines, { title: `${d.template.title} ${d.contractNumber}` }),
      };
    },
  };
}
export type EnrolmentService = ReturnType<typeof createEnrolmentService>;
export type ContractStatus =
  'awaiting_trainee_signature' | 'awaiting_school_signature' | 'active' | 'transferred' | 'cancelled';
