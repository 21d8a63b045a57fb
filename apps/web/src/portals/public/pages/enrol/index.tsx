import { Alert, Button, Card, Descriptions, Flex, Form, Input, Skeleton, Typography } from 'antd';
import { useRef } from 'react';
import { useIntl } from 'react-intl';
import { useNavigate } from 'react-router';
import { newRequestId } from '../../../../api/http.ts';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { MoneyText } from '../../../../components/money-text.tsx';
import { idNumberHint } from '../../../../features/enrolment/id-number.ts';
import type { MessageId } from '../../../../i18n/index.ts';
import { PhotoField } from './photo-field.tsx';
import type { Photo } from './photo-field.tsx';
import { useEnrolData } from './use-enrol-data.ts';

type EnrolForm = { name: string; idNumber: string; phone: string; photo: Photo | null; password: string };

const hintIds: Record<ReturnType<typeof idNumberHint>, MessageId | null> = {
  incomplete: null,
  ok: 'public.enrol.idOk',
  bad_shape: 'public.enrol.idBadShape',
  bad_date: 'public.enrol.idBadDate',
  bad_check_digit: 'public.enrol.idBadCheck',
};

/**
 * 报名 step 1: real-name identity and the chosen class type. Without an account the server creates
 * the trainee login (username = trainee number, the password typed here) and signs the browser in;
 * a signed-in trainee only confirms. Either way the next page is the full contract to read.
 */
export function EnrolPage() {
  const intl = useIntl();
  const navigate = useNavigate();
  const [form] = Form.useForm<EnrolForm>();
  const idNumber = Form.useWatch('idNumber', form) ?? '';
  const data = useEnrolData();
  // One key per attempt of this form: a double click or a retry after a timeout enrols once.
  const attemptKey = useRef(newRequestId());
  const { profile, classType, signedInTrainee } = data;
  const mutation = signedInTrainee ? data.enrolAsTrainee : data.enrolAnonymously;
  const t = (id: MessageId) => intl.formatMessage({ id });

  if (profile.isPending || data.meLoading) {
    return <Skeleton active paragraph={{ rows: 6 }} />;
  }
  if (profile.isError) {
    return <ApiErrorAlert error={profile.error} onRetry={() => void profile.refetch()} />;
  }
  const school = profile.data;
  const hint = hintIds[idNumberHint(idNumber)];

  const submit = async (values: EnrolForm) => {
    if (signedInTrainee) {
      const contract = await data.enrolAsTrainee.mutateAsync({
        schoolId: data.schoolId,
        classTypeId: data.classTypeId,
        idempotencyKey: attemptKey.current,
        ...(values.photo ? { photo: values.photo } : {}),
      });
      void navigate(`/my/contracts/${contract.id}`);
      return;
    }
    if (!values.photo) return;
    const result = await data.enrolAnonymously.mutateAsync({
      name: values.name.trim(),
      idNumber: values.idNumber.trim().toUpperCase(),
      phone: values.phone.trim(),
      photo: values.photo,
      password: values.password,
      schoolId: data.schoolId,
      classTypeId: data.classTypeId,
      idempotencyKey: attemptKey.current,
    });
    void navigate(`/my/contracts/${result.contract.id}`, { state: { newUsername: result.username } });
  };

  return (
    <Flex vertical gap={16} style={{ maxWidth: 640 }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {t('public.enrol.title')}
      </Typography.Title>
      <Card size="small">
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'school', label: t('public.enrol.school'), children: school.name },
            {
              key: 'class',
              label: t('public.enrol.classType'),
              children: classType ? `${classType.name} · ${classType.licenceClass}` : t('common.value.none'),
            },
            {
              key: 'price',
              label: t('public.enrol.price'),
              children: classType ? <MoneyText amountFen={classType.priceFen} strong /> : null,
            },
          ]}
        />
      </Card>
      {!classType ? (
        <Alert type="error" showIcon message={t('errors.enrolment.class_type_unavailable')} />
      ) : null}
      {signedInTrainee && data.activeContract ? (
        <Alert
          type="warning"
          showIcon
          data-testid="transfer-notice"
          message={intl.formatMessage(
            { id: 'public.transfer.enrolNotice' },
            { contract: data.activeContract.contractNumber, school: data.activeContract.schoolName },
          )}
          description={t('public.transfer.enrolNoticeHelp')}
        />
      ) : null}
      {signedInTrainee ? (
        <Alert
          type="info"
          showIcon
          message={intl.formatMessage(
            { id: 'public.enrol.asTrainee' },
            { name: signedInTrainee.displayName },
          )}
        />
      ) : null}
      <Form<EnrolForm>
        form={form}
        layout="vertical"
        requiredMark
        disabled={!classType || mutation.isPending}
        onFinish={(values) => void submit(values).catch(() => undefined)}
      >
        {signedInTrainee ? null : (
          <>
            <Form.Item
              name="name"
              label={t('public.enrol.name')}
              rules={[{ required: true, min: 2, max: 30, message: t('public.enrol.nameRule') }]}
            >
              <Input autoComplete="name" maxLength={30} />
            </Form.Item>
            <Form.Item
              name="idNumber"
              label={t('public.enrol.idNumber')}
              extra={hint ? t(hint) : t('public.enrol.idHelp')}
              validateStatus={hint === 'public.enrol.idOk' ? 'success' : hint ? 'warning' : undefined}
              rules={[{ required: true, len: 18, message: t('public.enrol.idRule') }]}
            >
              <Input
                maxLength={18}
                autoComplete="off"
                inputMode="text"
                style={{ fontFamily: 'ui-monospace, monospace' }}
              />
            </Form.Item>
            <Form.Item
              name="phone"
              label={t('public.enrol.phone')}
              rules={[{ required: true, pattern: /^1[3-9][0-9]{9}$/, message: t('public.enrol.phoneRule') }]}
            >
              <Input maxLength={11} inputMode="tel" autoComplete="tel" />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('public.enrol.password')}
              extra={t('public.enrol.passwordHelp')}
              rules={[{ required: true, min: 8, max: 128, message: t('public.enrol.passwordRule') }]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="photo"
          label={t('public.enrol.photo')}
          extra={t('public.enrol.photoHelp')}
          rules={signedInTrainee ? [] : [{ required: true, message: t('public.enrol.photoRule') }]}
        >
          <PhotoField />
        </Form.Item>
        {mutation.isError ? <ApiErrorAlert error={mutation.error} /> : null}
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          block
          loading={mutation.isPending}
          style={{ marginTop: 12 }}
        >
          {t('public.enrol.submit')}
        </Button>
      </Form>
    </Flex>
  );
}
