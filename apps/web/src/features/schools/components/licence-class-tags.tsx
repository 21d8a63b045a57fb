import { Flex, Tag } from 'antd';
import { useIntl } from 'react-intl';

/** Licence classes as compact tags (C1 C2 …), in a line that wraps. */
export function LicenceClassTags({ classes }: { classes: readonly string[] }) {
  const intl = useIntl();
  if (classes.length === 0) {
    return <span>{intl.formatMessage({ id: 'common.value.none' })}</span>;
  }
  return (
    <Flex wrap gap={4}>
      {classes.map((c) => (
        <Tag key={c} style={{ marginInlineEnd: 0 }} translate="no">
          {c}
        </Tag>
      ))}
    </Flex>
  );
}
