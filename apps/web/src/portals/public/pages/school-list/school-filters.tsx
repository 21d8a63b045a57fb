import { Flex, Input, InputNumber, Select } from 'antd';
import { useIntl } from 'react-intl';
import type { Region } from '../../../../api/types.ts';
import { licenceClasses } from '../../../../features/schools/licence-classes.ts';
import { schoolSorts, searchMaxLength } from './use-school-list-data.ts';
import type { SchoolListFilters, SchoolSort } from './use-school-list-data.ts';

type SchoolFiltersProps = {
  filters: SchoolListFilters;
  hasPoint: boolean;
  counties: readonly Region[];
  countiesLoading: boolean;
  onChange: (patch: Partial<SchoolListFilters>) => void;
};

const ratingSteps = [3, 4, 4.5] as const;
const passRateSteps = [60, 70, 80, 90] as const;
const selectStyle = { flex: '1 1 140px', minWidth: 0 } as const;

/** Name search on top, then the filters in a wrapping row (two per line on a 360px screen). */
export function SchoolFilters({
  filters,
  hasPoint,
  counties,
  countiesLoading,
  onChange,
}: SchoolFiltersProps) {
  const intl = useIntl();
  const t = (id: Parameters<typeof intl.formatMessage>[0]['id']) => intl.formatMessage({ id });
  const searchLabel = t('public.schoolList.filter.search');
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
      <Flex gap={8} wrap>
        <Select
          style={selectStyle}
          value={filters.district ?? ''}
          loading={countiesLoading}
          aria-label={t('public.schoolList.filter.county')}
          options={[
            { value: '', label: t('public.schoolList.filter.allCounties') },
            ...counties.map((c) => ({ value: c.code, label: c.name })),
          ]}
          onChange={(value: string) => onChange({ district: value || undefined })}
        />
        <Select
          style={selectStyle}
          value={filters.licenceClass ?? ''}
          aria-label={t('public.schoolList.filter.licenceClass')}
          options={[
            { value: '', label: t('public.schoolList.filter.allLicenceClasses') },
            ...licenceClasses.map((c) => ({ value: c, label: c })),
          ]}
          onChange={(value: string) => onChange({ licenceClass: value || undefined })}
        />
        <Select
          style={selectStyle}
          value={filters.grade ?? 0}
          aria-label={t('public.schoolList.filter.grade')}
          options={[
            { value: 0, label: t('public.schoolList.filter.allGrades') },
            { value: 1, label: t('common.schoolGrade.1') },
            { value: 2, label: t('common.schoolGrade.2') },
            { value: 3, label: t('common.schoolGrade.3') },
          ]}
          onChange={(value: number) => onChange({ grade: value || undefined })}
        />
        <Select
          style={selectStyle}
          value={filters.minRating ?? 0}
          aria-label={t('public.schoolList.filter.minRating')}
          options={[
            { value: 0, label: t('public.schoolList.filter.anyRating') },
            ...ratingSteps.map((r) => ({
              value: r,
              label: intl.formatMessage({ id: 'public.schoolList.filter.ratingAtLeast' }, { stars: r }),
            })),
          ]}
          onChange={(value: number) => onChange({ minRating: value || undefined })}
        />
        <Select
          style={selectStyle}
          value={filters.minPassRate ?? 0}
          aria-label={t('public.schoolList.filter.minPassRate')}
          options={[
            { value: 0, label: t('public.schoolList.filter.anyPassRate') },
            ...passRateSteps.map((r) => ({
              value: r,
              label: intl.formatMessage({ id: 'public.schoolList.filter.passRateAtLeast' }, { percent: r }),
            })),
          ]}
          onChange={(value: number) => onChange({ minPassRate: value || undefined })}
        />
        <Select<SchoolSort | ''>
          style={selectStyle}
          value={filters.sort ?? ''}
          aria-label={t('public.schoolList.sort.label')}
          options={[
            { value: '', label: t('public.schoolList.sort.default') },
            ...schoolSorts
              .filter((s) => s !== 'distance' || hasPoint)
              .map((s) => ({ value: s, label: t(`public.schoolList.sort.${s}`) })),
          ]}
          onChange={(value) => onChange({ sort: value || undefined })}
        />
        <Flex gap={4} align="center" style={{ flex: '2 1 280px' }}>
          <InputNumber<number>
            key={`min-${filters.minPriceYuan ?? ''}`}
            style={{ flex: 1 }}
            min={0}
            step={100}
            precision={0}
            defaultValue={filters.minPriceYuan}
            placeholder={t('public.schoolList.filter.minPrice')}
            aria-label={t('public.schoolList.filter.minPrice')}
            onBlur={(e) => {
              const v =
                e.target.value.trim() === '' ? undefined : Number(e.target.value.replace(/[^0-9]/g, ''));
              if (v !== filters.minPriceYuan) onChange({ minPriceYuan: v });
            }}
            onPressEnter={(e) => (e.target as HTMLInputElement).blur()}
          />
          <span aria-hidden>{t('public.schoolList.filter.priceTo')}</span>
          <InputNumber<number>
            key={`max-${filters.maxPriceYuan ?? ''}`}
            style={{ flex: 1 }}
            min={0}
            step={100}
            precision={0}
            defaultValue={filters.maxPriceYuan}
            placeholder={t('public.schoolList.filter.maxPrice')}
            aria-label={t('public.schoolList.filter.maxPrice')}
            onBlur={(e) => {
              const v =
                e.target.value.trim() === '' ? undefined : Number(e.target.value.replace(/[^0-9]/g, ''));
              if (v !== filters.maxPriceYuan) onChange({ maxPriceYuan: v });
            }}
            onPressEnter={(e) => (e.target as HTMLInputElement).blur()}
          />
        </Flex>
      </Flex>
    </Flex>
  );
}
