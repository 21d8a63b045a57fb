import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

const reactPackages =
  /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|react-intl|@formatjs|intl-messageformat|hoist-non-react-statics|@tanstack|cookie|set-cookie-parser)[\\/]/;
// The antd modules the app shell itself renders (app.tsx, page-loading.tsx); their dependencies
// (theme, CSS-in-JS, rc-component utilities) come along. Add a folder here when the shell starts
// using another antd component: the guard below fails the build until you do.
const antdShell =
  /[\\/]node_modules[\\/]antd[\\/](es[\\/](config-provider|app|spin|flex|locale|theme)|dist)[\\/]/;
const echartsPackages = /[\\/]node_modules[\\/](echarts|zrender)[\\/]/;
const leafletPackages = /[\\/]node_modules[\\/]leaflet[\\/]/;
const antdPackages = /[\\/]node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+)[\\/]/;
const heavyVendors =
  /[\\/]node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|echarts|zrender|leaflet)[\\/]/;

const vendorChunkNames = new Set(['antd', 'react', 'echarts', 'leaflet']);

/**
 * Readable chunk names: `portal-school-…` for a portal, `antd-parts-…` for the antd components that
 * several portals share (rolldown would otherwise name them after one of our modules inside).
 */
function chunkFileName(chunk: {
  name: string;
  facadeModuleId: string | null;
  moduleIds: readonly string[];
}): string {
  const portal = chunk.facadeModuleId?.match(/[\\/]portals[\\/]([a-z-]+)[\\/]portal\.tsx$/)?.[1];
  if (portal) {
    return `assets/portal-${portal}-[hash].js`;
  }
  const antdModules = chunk.moduleIds.filter((id) => antdPackages.test(id)).length;
  if (
    !chunk.facadeModuleId &&
    !vendorChunkNames.has(chunk.name) &&
    antdModules > chunk.moduleIds.length / 2
  ) {
    return 'assets/antd-parts-[hash].js';
  }
  return 'assets/[name]-[hash].js';
}

/** Fails the build when antd, ECharts or Leaflet code ends up in the entry chunk. */
function entryChunkGuard(): Plugin {
  return {
    name: 'jiapei:entry-chunk-guard',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.isEntry) {
          continue;
        }
        const offenders = Object.keys(chunk.modules).filter((id) => heavyVendors.test(id));
        if (offenders.length > 0) {
          this.error(
            `entry chunk ${chunk.fileName} contains vendor modules:\n  ${offenders.slice(0, 10).join('\n  ')}`,
          );
        }
      }
    },
  };
}

// Chunks: the entry holds only our shell. `react` holds React, the router, react-intl and TanStack
// Query; `antd` the part of antd the shell needs. The antd components a portal uses stay in that
// portal's lazy chunks (or a chunk shared by the portals using them), so the public page never
// downloads Table or Menu. `echarts` is reached only through a dynamic import in the regulator portal,
// `leaflet` only through the lazily loaded live-map page.
export default defineConfig({
  base: '/',
  plugins: [react(), entryChunkGuard()],
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:8080' } },
  },
  preview: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080' } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The lazily loaded ECharts chunk is about 500 kB before gzip; nothing else comes near.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        chunkFileNames: chunkFileName,
        codeSplitting: {
          groups: [
            { name: 'echarts', test: echartsPackages },
            { name: 'leaflet', test: leafletPackages },
            { name: 'react', test: reactPackages },
            { name: 'antd', test: antdShell },
          ],
        },
      },
    },
  },
});
