import { PaperClipOutlined } from '@ant-design/icons';
import { Button, Flex, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useIntl } from 'react-intl';

export type Attachment = { contentType: 'image/jpeg' | 'image/png'; dataBase64: string; name: string };

const maxAttachments = 3;
// The server's limit per attachment (300 KB decoded).
const maxBytes = 300 * 1024;

type AttachmentsFieldProps = { value?: Attachment[]; onChange?: (value: Attachment[]) => void };

/** Up to three JPEG/PNG images, checked here before upload, kept as base64 for the JSON body. */
export function AttachmentsField({ value = [], onChange }: AttachmentsFieldProps) {
  const intl = useIntl();
  const inputRef = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const add = (files: FileList | null) => {
    setProblem(null);
    const picked = Array.from(files ?? []).slice(0, maxAttachments - value.length);
    for (const file of picked) {
      if ((file.type !== 'image/jpeg' && file.type !== 'image/png') || file.size > maxBytes) {
        setProblem(intl.formatMessage({ id: 'errors.feedback.attachment_invalid' }));
        return;
      }
    }
    void Promise.all(
      picked.map(
        (file) =>
          new Promise<Attachment>((resolve, reject) => {
            const reader = new FileReader();
            reader.onload = () => {
              const url = String(reader.result);
              resolve({
                contentType: file.type as Attachment['contentType'],
                dataBase64: url.slice(url.indexOf(',') + 1),
                name: file.name,
              });
            };
            reader.onerror = () => reject(reader.error ?? new Error('read failed'));
            reader.readAsDataURL(file);
          }),
      ),
    ).then((read) => onChange?.([...value, ...read]));
  };

  return (
    <Flex vertical gap={8}>
      <input
        ref={inputRef}
        type="file"
        multiple
        accept="image/jpeg,image/png"
        style={{ display: 'none' }}
        data-testid="attachments-input"
        onChange={(e) => {
          add(e.target.files);
          e.target.value = '';
        }}
      />
      <Flex gap={8} wrap align="center">
        <Button
          icon={<PaperClipOutlined />}
          disabled={value.length >= maxAttachments}
          onClick={() => inputRef.current?.click()}
        >
          {intl.formatMessage({ id: 'public.complaint.addAttachment' })}
        </Button>
        {value.map((a, i) => (
          <Tag key={`${a.name}-${i}`} closable onClose={() => onChange?.(value.filter((_, j) => j !== i))}>
            {a.name}
          </Tag>
        ))}
      </Flex>
      {problem ? <Typography.Text type="danger">{problem}</Typography.Text> : null}
    </Flex>
  );
}
