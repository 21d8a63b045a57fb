import { Type, type Static } from '@sinclair/typebox';
import { allRoles } from '../../shared/permissions.ts';

export const LoginSchema = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
  portal: Type.Union([Type.Literal('public'), Type.Literal('school'), Type.Literal('regulator')]),
});
export type Login = Static<typeof LoginSchema>;

export const RegionRefSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
});

export const MeSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.Union(allRoles.map((r) => Type.Literal(r))),
  region: Type.Union([RegionRefSchema, Type.Null()]),
  school: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  permissions: Type.Array(Type.String()),
});

export const LoginResultSchema = Type.Object({ user: MeSchema });
export const OkSchema = Type.Object({ ok: Type.Boolean() });
