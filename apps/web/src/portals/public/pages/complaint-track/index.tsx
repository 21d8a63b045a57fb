import { Button, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { ComplaintDetail } from '../../../../features/feedback/components/complaint-detail.tsx';
import { useComplaintTrackData } from './use-complaint-track-data.ts';

type Lookup = { trackingNumber: string; phone: string };

/** 投诉查询: tracking number + the phone it was filed with; then the answers and the satisfaction. */
export function ComplaintTrackPage() {
  const intl = useIntl();
  const [lookup, setLookup] = useState<Lookup | null>(null);
  const { initialNumber, complaint, satisfaction } = useComplaintTrackData(lookup);
  return (
    <Flex vertical gap={16} style={{ maxWidth: 720 }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {intl.formatMessage({ id: 'public.complaintTrack.title' })}
      </Typography.Title>
      <Form<Lookup>
        layout="vertical"
        initialValues={{ trackingNumber: initialNumber }}
        onFinish={(v) =>
          setLookup({ trackingNumber: v.trackingNumber.trim().toUpperCase(), phone: v.phone.trim() })
        }
      >
        <Form.Item
          name="trackingNumber"
          label={intl.formatMessage({ id: 'public.complaintTrack.number' })}
          rules={[
            {
              required: true,
              pattern: /^TS[0-9]{12}$/i,
              message: intl.formatMessage({ id: 'public.complaintTrack.numberRule' }),
            },
          ]}
        >
          <Input maxLength={14} style={{ fontFamily: 'ui-monospace, monospace' }} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={intl.formatMessage({ id: 'public.enrol.phone' })}
          rules={[
            {
              required: true,
              pattern: /^1[3-9][0-9]{9}$/,
              message: intl.formatMessage({ id: 'public.enrol.phoneRule' }),
            },
          ]}
        >
          <Input maxLength={11} inputMode="tel" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={complaint.isFetching}>
          {intl.formatMessage({ id: 'public.complaintTrack.search' })}
        </Button>
      </Form>
      {complaint.isError ? <ApiErrorAlert error={complaint.error} /> : null}
      {complaint.data && lookup ? (
        <ComplaintDetail
          complaint={complaint.data}
          rating={satisfaction.isPending}
          ratingError={satisfaction.error}
          onRate={(satisfied) => satisfaction.mutate({ ...lookup, satisfied })}
        />
      ) : null}
    </Flex>
  );
}
