import { Flex, Spin } from 'antd';
import { useIntl } from 'react-intl';

/** Centred spinner for a page or a whole portal that is still loading. */
export function PageLoading({ fullScreen = false }: { fullScreen?: boolean }) {
  const intl = useIntl();
  return (
    <Flex align="center" justify="center" style={{ minHeight: fullScreen ? '100vh' : 240 }}>
      <Spin size="large" description={intl.formatMessage({ id: 'common.loading' })} />
    </Flex>
  );
}
