import { UploadOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useIntl } from 'react-intl';

export type Photo = { contentType: 'image/jpeg' | 'image/png'; base64: string };

// The server's limit (200 KB decoded); checked here first so nobody uploads for nothing.
const maxPhotoBytes = 200 * 1024;

type PhotoFieldProps = { value?: Photo | null; onChange?: (photo: Photo | null) => void; id?: string };

/** An identity photo: JPEG or PNG up to 200 KB, kept as base64 for the JSON body, with a preview. */
export function PhotoField({ value, onChange, id }: PhotoFieldProps) {
  const intl = useIntl();
  const inputRef = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const pick = (file: File | undefined) => {
    setProblem(null);
    if (!file) return;
    if (file.type !== 'image/jpeg' && file.type !== 'image/png') {
      setProblem(intl.formatMessage({ id: 'public.enrol.photoType' }));
      return;
    }
    if (file.size > maxPhotoBytes) {
      setProblem(intl.formatMessage({ id: 'public.enrol.photoSize' }));
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      const dataUrl = String(reader.result);
      onChange?.({
        contentType: file.type as Photo['contentType'],
        base64: dataUrl.slice(dataUrl.indexOf(',') + 1),
      });
    };
    reader.readAsDataURL(file);
  };

  return (
    <Flex gap={12} align="center" wrap>
      <input
        ref={inputRef}
        id={id}
        type="file"
        accept="image/jpeg,image/png"
        style={{ display: 'none' }}
        data-testid="photo-input"
        onChange={(e) => pick(e.target.files?.[0])}
      />
      <Button icon={<UploadOutlined />} onClick={() => inputRef.current?.click()}>
        {intl.formatMessage({ id: value ? 'public.enrol.photoChange' : 'public.enrol.photoPick' })}
      </Button>
      {value ? (
        <img
          src={`data:${value.contentType};base64,${value.base64}`}
          alt={intl.formatMessage({ id: 'public.enrol.photoPreview' })}
          style={{ width: 64, height: 80, objectFit: 'cover', borderRadius: 4, border: '1px solid #eee' }}
        />
      ) : null}
      {problem ? <Typography.Text type="danger">{problem}</Typography.Text> : null}
    </Flex>
  );
}
