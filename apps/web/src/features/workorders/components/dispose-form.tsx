import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { fileToBase64, useDispose, type WorkOrderSide } from '../queries.ts';
import { useWorkOrderText } from '../use-wo-text.ts';

const MAX_FILES = 5;
const MAX_BYTES = 1024 * 1024;
const accepted = ['image/jpeg', 'image/png', 'application/pdf'] as const;
type Accepted = (typeof accepted)[number];
const isAccepted = (type: string): type is Accepted => (accepted as readonly string[]).includes(type);

/** 处置: what was done, with up to five photos or PDF documents as evidence. */
export function DisposeForm({ side, id }: { side: WorkOrderSide; id: string }) {
  const { t } = useWorkOrderText();
  const { message } = App.useApp();
  const dispose = useDispose(side);
  const [form] = Form.useForm<{ text: string }>();
  const [files, setFiles] = useState<UploadFile[]>([]);

  const submit = async () => {
    const { text } = await form.validateFields();
    const body = {
      text,
      files: await Promise.all(
        files.map(async (f) => {
          const raw = f.originFileObj;
          if (!raw || !isAccepted(raw.type)) throw new Error('unexpected file');
          return { fileName: f.name, contentType: raw.type, dataBase64: await fileToBase64(raw) };
        }),
      ),
    };
    await dispose.mutateAsync({ id, body });
    form.resetFields();
    setFiles([]);
    void message.success(t('dispose.done'));
  };

  return (
    <Form form={form} layout="vertical" data-testid="dispose-form">
      {dispose.error ? <ApiErrorAlert error={dispose.error} /> : null}
      <Form.Item
        name="text"
        label={t('dispose.textLabel')}
        rules={[{ required: true, whitespace: true, min: 5, message: t('dispose.textRequired') }]}
      >
        <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('dispose.textPlaceholder')} />
      </Form.Item>
      <Form.Item label={t('dispose.filesLabel')} extra={t('dispose.filesHint')}>
        <Upload
          accept=".jpg,.jpeg,.png,.pdf"
          multiple
          maxCount={MAX_FILES}
          fileList={files}
          beforeUpload={(file) => {
            if (!isAccepted(file.type) || file.size > MAX_BYTES) {
              void message.error(t('dispose.fileRefused', { name: file.name }));
              return Upload.LIST_IGNORE;
            }
            // Kept in the list and sent with the form, not uploaded on its own.
            return false;
          }}
          onChange={({ fileList }) => setFiles(fileList.slice(0, MAX_FILES))}
        >
          <Button icon={<UploadOutlined />}>{t('dispose.pickFiles')}</Button>
        </Upload>
      </Form.Item>
      <Button type="primary" loading={dispose.isPending} onClick={() => void submit().catch(() => undefined)}>
        {t('dispose.submit')}
      </Button>
    </Form>
  );
}
