import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web app: React 19 with Vite's built-in (Oxc) JSX transform, no plugin needed.
 * `npm run build:web` writes apps/web/dist; embedded mode serves it at `/`, the gateway too.
 * `npx vite --config apps/web/vite.config.ts` runs a dev server that proxies the API to :3000.
 */
const API = [
  '/auth',
  '/calls',
  '/campaigns',
  '/pledges',
  '/payments',
  '/me',
  '/funds',
  '/rounds',
  '/tranches',
  '/promoters',
  '/ledger',
  '/transparency',
  '/verifications',
];

export default defineConfig({
  root,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // react-router marks its modules "use client" (for React Server Components); meaningless in an SPA bundle
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: Object.fromEntries(API.map((p) => [p, { target: process.env.API_URL ?? 'http://127.0.0.1:3000' }])),
  },
});
