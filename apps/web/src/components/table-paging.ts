import type { TablePaginationConfig } from 'antd';
import { useState } from 'react';
import type { IntlShape } from 'react-intl';
import type { PageQuery } from '../api/types.ts';

const defaultPageSize = 20;

/** Page state for a server-paged list, in the shape our API takes (`page`, `pageSize`). */
export function usePaging(pageSize = defaultPageSize) {
  const [paging, setPaging] = useState<PageQuery>({ page: 1, pageSize });
  return [paging, setPaging] as const;
}

/** The one adapter from our paging to antd Table's `pagination` prop. */
export function toTablePagination(
  paging: PageQuery,
  total: number | undefined,
  onChange: (paging: PageQuery) => void,
  intl: IntlShape,
): TablePaginationConfig {
  return {
    current: paging.page,
    pageSize: paging.pageSize,
    total: total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (count) => intl.formatMessage({ id: 'common.table.total' }, { total: count }),
    onChange: (page, pageSize) => onChange({ page: pageSize === paging.pageSize ? page : 1, pageSize }),
  };
}
