import { Flex, Input, Select } from 'antd';
import { useIntl } from 'react-intl';
import type { Region } from '../../../../api/types.ts';
import { licenceClasses } from '../../../../features/schools/licence-classes.ts';
import { searchMaxLength } from './use-school-list-data.ts';
import type { SchoolListFilters } from './use-school-list-data.ts';

type SchoolFiltersProps = {
  filters: SchoolListFilters;
  counties: readonly Region[];
  countiesLoading: boolean;
  onChange: (patch: Partial<SchoolListFilters>) => void;
};

/** Name search on top, county and licence class side by side below: fits a 360px screen. */
export function SchoolFilters({ filters, counties, countiesLoading, onChange }: SchoolFiltersProps) {
  const intl = useIntl();
  const searchLabel = intl.formatMessage({ id: 'public.schoolList.filter.search' });
  return (
    <Flex vertical gap={8}>
      <Input.Search
        // Remount when the URL's q changes (e.g. "clear filters"), so the box shows what is applied.
        key={filters.q ?? ''}
        defaultValue={filters.q}
        size="large"
        allowClear
        enterButton
        maxLength={searchMaxLength}
        placeholder={searchLabel}
        aria-label={searchLabel}
        onSearch={(value) => onChange({ q: value.trim() || undefined })}
      />
      <Flex gap={8}>
        <Select
          style={{ flex: 1, minWidth: 0 }}
          value={filters.countyCode ?? ''}
          loading={countiesLoading}
          aria-label={intl.formatMessage({ id: 'public.schoolList.filter.county' })}
          options={[
            { value: '', label: intl.formatMessage({ id: 'public.schoolList.filter.allCounties' }) },
            ...counties.map((c) => ({ value: c.code, label: c.name })),
          ]}
          onChange={(value: string) => onChange({ countyCode: value || undefined })}
        />
        <Select
          style={{ flex: 1, minWidth: 0 }}
          value={filters.licenceClass ?? ''}
          aria-label={intl.formatMessage({ id: 'public.schoolList.filter.licenceClass' })}
          options={[
            { value: '', label: intl.formatMessage({ id: 'public.schoolList.filter.allLicenceClasses' }) },
            ...licenceClasses.map((c) => ({ value: c, label: c })),
          ]}
          onChange={(value: string) => onChange({ licenceClass: value || undefined })}
        />
      </Flex>
    </Flex>
  );
}
