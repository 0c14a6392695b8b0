#!/usr/bin/env node
/**
 * `npm start`'s prestart: builds the web app (apps/web → apps/web/dist) when the build is missing or
 * older than any of its sources, so a fresh clone needs only `npm ci && npm start`. Fast no-op otherwise.
 * Set WEB_BUILD=skip to never build (e.g. an image that ships a prebuilt dist).
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const web = path.join(root, 'apps', 'web');
const built = path.join(web, 'dist', 'index.html');

function newest(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return fs.readdirSync(p).reduce((m, name) => Math.max(m, newest(path.join(p, name))), st.mtimeMs);
}

if (process.env.WEB_BUILD === 'skip') process.exit(0);
const sources = [path.join(web, 'src'), path.join(web, 'index.html'), path.join(web, 'vite.config.ts'), path.join(root, 'package-lock.json')].filter((p) =>
  fs.existsSync(p),
);
const stale = !fs.existsSync(built) || sources.some((p) => newest(p) > fs.statSync(built).mtimeMs);
if (!stale) process.exit(0);
console.error('[web] building the web app (apps/web/dist)…');
const vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [root] })), 'bin', 'vite.js');
const r = spawnSync(process.execPath, [vite, 'build', '--config', path.join(web, 'vite.config.ts'), '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
  // a production bundle even when called from Jest (NODE_ENV=test would make Vite bundle React's development build)
  env: { ...process.env, NODE_ENV: 'production' },
});
process.exit(r.status ?? 1);
