import { Button, Flex, Form, Input, Radio, Result, Select, Typography } from 'antd';
import { useRef } from 'react';
import { useIntl } from 'react-intl';
import { Link } from 'react-router';
import { newRequestId } from '../../../../api/http.ts';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import {
  categoryIds,
  complaintCategories,
  complaintTargets,
  targetIds,
} from '../../../../features/feedback/complaint-labels.ts';
import type { ComplaintCategory, ComplaintTarget } from '../../../../features/feedback/complaint-labels.ts';
import type { Complaint } from '../../../../features/feedback/queries.ts';
import type { MessageId } from '../../../../i18n/index.ts';
import { AttachmentsField } from './attachments-field.tsx';
import type { Attachment } from './attachments-field.tsx';
import { useComplaintNewData } from './use-complaint-new-data.ts';

type ComplaintForm = {
  kind: 'complaint' | 'suggestion';
  category: ComplaintCategory;
  target: ComplaintTarget;
  schoolId?: string;
  coachId?: string;
  countyCode?: string;
  text: string;
  attachments: Attachment[];
  name?: string;
  phone?: string;
};

/** 投诉建议: real-name (the account's, or name + phone), routed to the school and the county regulator. */
export function ComplaintNewPage() {
  const intl = useIntl();
  const [form] = Form.useForm<ComplaintForm>();
  const target = Form.useWatch('target', form) ?? 'school';
  const schoolId = Form.useWatch('schoolId', form);
  const data = useComplaintNewData(schoolId);
  const attemptKey = useRef(newRequestId());
  const mutation = data.trainee ? data.fileMine : data.filePublic;
  const t = (id: MessageId) => intl.formatMessage({ id });
  const filed: Complaint | undefined = mutation.data?.complaint;

  if (filed) {
    return (
      <Result
        status="success"
        title={t('public.complaint.filed')}
        subTitle={
          <span data-testid="tracking-number">
            {intl.formatMessage({ id: 'public.complaint.trackingNumber' }, { number: filed.trackingNumber })}
          </span>
        }
        extra={
          <Link to={data.trainee ? '/my/complaints' : `/complaints/track?no=${filed.trackingNumber}`}>
            <Button type="primary">{t('public.complaint.track')}</Button>
          </Link>
        }
      />
    );
  }

  const submit = (v: ComplaintForm) => {
    const base = {
      kind: v.kind,
      category: v.category,
      target: v.target,
      ...(v.target !== 'platform' && v.schoolId ? { schoolId: v.schoolId } : {}),
      ...(v.target === 'coach' && v.coachId ? { coachId: v.coachId } : {}),
      ...(v.target === 'platform' && v.countyCode ? { countyCode: v.countyCode } : {}),
      text: v.text.trim(),
      attachments: (v.attachments ?? []).map(({ contentType, dataBase64 }) => ({ contentType, dataBase64 })),
      idempotencyKey: attemptKey.current,
    };
    if (data.trainee) {
      data.fileMine.mutate(base);
    } else {
      data.filePublic.mutate({ ...base, name: (v.name ?? '').trim(), phone: (v.phone ?? '').trim() });
    }
  };

  const selectedSchool = data.school.data;
  const schoolOptions = [
    ...(selectedSchool ? [{ value: selectedSchool.id, label: selectedSchool.name }] : []),
    ...(data.schools.data?.items ?? [])
      .filter((s) => s.id !== selectedSchool?.id)
      .map((s) => ({ value: s.id, label: s.name })),
  ];

  return (
    <Flex vertical gap={16} style={{ maxWidth: 640 }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {t('public.complaint.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('public.complaint.intro')}</Typography.Text>
      <Form<ComplaintForm>
        form={form}
        layout="vertical"
        disabled={mutation.isPending}
        initialValues={{
          kind: 'complaint',
          category: 'refund_dispute',
          target: 'school',
          schoolId: data.initialSchoolId,
          attachments: [],
        }}
        onFinish={submit}
      >
        <Form.Item name="kind" label={t('public.complaint.kind')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'complaint', label: t('public.complaint.kind.complaint') },
              { value: 'suggestion', label: t('public.complaint.kind.suggestion') },
            ]}
          />
        </Form.Item>
        <Form.Item name="category" label={t('public.complaint.category')} rules={[{ required: true }]}>
          <Select options={complaintCategories.map((c) => ({ value: c, label: t(categoryIds[c]) }))} />
        </Form.Item>
        <Form.Item name="target" label={t('public.complaint.target')}>
          <Radio.Group options={complaintTargets.map((c) => ({ value: c, label: t(targetIds[c]) }))} />
        </Form.Item>
        {target !== 'platform' ? (
          <Form.Item
            name="schoolId"
            label={t('public.complaint.school')}
            rules={[{ required: true, message: t('public.complaint.schoolRule') }]}
          >
            <Select
              showSearch
              filterOption={false}
              onSearch={(q) => data.setSchoolQuery(q.trim())}
              loading={data.schools.isFetching}
              options={schoolOptions}
              placeholder={t('public.schoolList.filter.search')}
            />
          </Form.Item>
        ) : (
          <Form.Item
            name="countyCode"
            label={t('public.complaint.county')}
            rules={[{ required: true, message: t('public.complaint.countyRule') }]}
          >
            <Select options={data.counties.map((c) => ({ value: c.code, label: c.name }))} />
          </Form.Item>
        )}
        {target === 'coach' ? (
          <Form.Item
            name="coachId"
            label={t('public.complaint.coach')}
            rules={[{ required: true, message: t('public.complaint.coachRule') }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              disabled={!selectedSchool}
              options={(selectedSchool?.coaches ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item
          name="text"
          label={t('public.complaint.text')}
          rules={[{ required: true, min: 5, max: 2000, message: t('public.complaint.textRule') }]}
        >
          <Input.TextArea rows={5} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item
          name="attachments"
          label={t('public.complaint.attachments')}
          extra={t('public.complaint.attachmentsHelp')}
        >
          <AttachmentsField />
        </Form.Item>
        {data.trainee ? null : (
          <>
            <Form.Item
              name="name"
              label={t('public.enrol.name')}
              rules={[{ required: true, min: 2, max: 30, message: t('public.enrol.nameRule') }]}
            >
              <Input maxLength={30} autoComplete="name" />
            </Form.Item>
            <Form.Item
              name="phone"
              label={t('public.enrol.phone')}
              extra={t('public.complaint.phoneHelp')}
              rules={[{ required: true, pattern: /^1[3-9][0-9]{9}$/, message: t('public.enrol.phoneRule') }]}
            >
              <Input maxLength={11} inputMode="tel" autoComplete="tel" />
            </Form.Item>
          </>
        )}
        {mutation.isError ? <ApiErrorAlert error={mutation.error} /> : null}
        <Button type="primary" htmlType="submit" size="large" block loading={mutation.isPending}>
          {t('public.complaint.submit')}
        </Button>
      </Form>
    </Flex>
  );
}
