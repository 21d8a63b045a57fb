import type { ThemeConfig } from 'antd';

/** Design tokens for all three portals; change colours here, never in components. */
export const themeConfig: ThemeConfig = {
  token: {
    colorPrimary: '#1d5bd8',
    colorLink: '#1d5bd8',
    colorError: '#d4380d',
    borderRadius: 8,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#ffffff', headerPadding: '0 16px', headerHeight: 56, bodyBg: '#f5f7fa' },
  },
};

/** Colour for prices on the public pages: the warm red Chinese shoppers read as "price". */
export const priceColor = '#d4380d';
