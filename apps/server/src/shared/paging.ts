import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const PageQuerySchema = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});
export type PageQuery = Static<typeof PageQuerySchema>;

export function pageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
}

export function offsetOf(q: PageQuery): number {
  return (q.page - 1) * q.pageSize;
}
