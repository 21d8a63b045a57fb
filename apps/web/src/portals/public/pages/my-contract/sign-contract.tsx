import { Button, Card, Checkbox, Flex, Form, Input, Typography } from 'antd';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import type { EnrolmentContract, SignInput } from '../../../../features/enrolment/queries.ts';

type SignContractProps = {
  contract: EnrolmentContract;
  pending: boolean;
  error: unknown;
  onSign: (input: SignInput) => void;
};

/** The full contract text, then the typed name and the explicit consent; the hash says what was read. */
export function SignContract({ contract, pending, error, onSign }: SignContractProps) {
  const intl = useIntl();
  const [form] = Form.useForm<{ signedName: string; consent: boolean }>();
  return (
    <Flex vertical gap={12}>
      <Card size="small" title={contract.template.title}>
        <div
          role="document"
          aria-label={intl.formatMessage({ id: 'public.contract.textLabel' })}
          tabIndex={0}
          style={{ whiteSpace: 'pre-wrap', maxHeight: 420, overflowY: 'auto', lineHeight: 1.8, fontSize: 14 }}
        >
          {contract.text}
        </div>
        <Typography.Text
          type="secondary"
          style={{ fontSize: 12, display: 'block', marginTop: 8 }}
          translate="no"
        >
          {intl.formatMessage({ id: 'public.contract.hash' }, { hash: contract.textSha256 })}
        </Typography.Text>
      </Card>
      <Form
        form={form}
        layout="vertical"
        disabled={pending}
        onFinish={(values) =>
          onSign({
            signedName: values.signedName.trim(),
            consent: values.consent,
            textSha256: contract.textSha256,
          })
        }
      >
        <Form.Item
          name="signedName"
          label={intl.formatMessage({ id: 'public.contract.signedName' })}
          extra={intl.formatMessage(
            { id: 'public.contract.signedNameHelp' },
            { name: contract.trainee.name },
          )}
          rules={[
            {
              required: true,
              validator: (_, value: string | undefined) =>
                value?.trim() === contract.trainee.name
                  ? Promise.resolve()
                  : Promise.reject(new Error(intl.formatMessage({ id: 'errors.enrolment.name_mismatch' }))),
            },
          ]}
        >
          <Input maxLength={30} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="consent"
          valuePropName="checked"
          rules={[
            {
              validator: (_, value: boolean | undefined) =>
                value
                  ? Promise.resolve()
                  : Promise.reject(
                      new Error(intl.formatMessage({ id: 'errors.enrolment.consent_required' })),
                    ),
            },
          ]}
        >
          <Checkbox>{intl.formatMessage({ id: 'public.contract.consent' })}</Checkbox>
        </Form.Item>
        {error ? <ApiErrorAlert error={error} /> : null}
        <Button type="primary" htmlType="submit" size="large" block loading={pending}>
          {intl.formatMessage({ id: 'public.contract.sign' })}
        </Button>
      </Form>
    </Flex>
  );
}
