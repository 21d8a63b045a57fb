import { Type, type Static } from '@sinclair/typebox';

const Uuid = Type.String({ format: 'uuid' });

export const TerminalParamsSchema = Type.Object({ terminalId: Uuid });

/** 驾培 application parameters a regulator may set (表B.56); any subset. */
export const AppParamsSchema = Type.Object({
  photoIntervalMin: Type.Optional(Type.Integer({ minimum: 1, maximum: 255 })),
  photoUpload: Type.Optional(Type.Integer({ minimum: 0, maximum: 1 })),
  readAloud: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 })),
  stopDelayMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 255 })),
  gnssIntervalSec: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  coachLogoutDelayMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  reverifyMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
});

/** One of four commands (REFERENCE §1.8: 0x8301, 0x8502, 0x8501, 0x8205). */
export const CreateCommandSchema = Type.Union([
  Type.Object({
    kind: Type.Literal('take_photo'),
    /** 0 = the terminal picks the camera. */
    channel: Type.Optional(Type.Integer({ minimum: 0, maximum: 255 })),
    /** 图片尺寸 code: 1 320×240 … 8 704×576. */
    size: Type.Optional(Type.Integer({ minimum: 1, maximum: 8 })),
  }),
  Type.Object({
    kind: Type.Literal('set_training_ban'),
    banned: Type.Boolean(),
    message: Type.String({ maxLength: 100 }),
  }),
  Type.Object({ kind: Type.Literal('set_parameters'), params: AppParamsSchema }),
  Type.Object({
    kind: Type.Literal('request_records'),
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
  }),
]);
export type CreateCommand = Static<typeof CreateCommandSchema>;
export type CommandKind = CreateCommand['kind'];

export const CommandStatus = Type.Union(
  ['pending', 'sent', 'answered', 'failed', 'offline'].map((s) => Type.Literal(s)),
);

export const CommandSchema = Type.Object({
  id: Type.String(),
  terminalId: Type.String(),
  kind: Type.String(),
  params: Type.Record(Type.String(), Type.Unknown()),
  status: Type.String(),
  serial: Type.Union([Type.Integer(), Type.Null()]),
  requestedAt: Type.String({ format: 'date-time' }),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  answer: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  answeredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type CommandView = Static<typeof CommandSchema>;

export const CommandListSchema = Type.Object({ items: Type.Array(CommandSchema) });
