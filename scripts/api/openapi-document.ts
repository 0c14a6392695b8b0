import { randomBytes } from 'node:crypto';
import { createHttpApp, loadPlatformConfig, openApiDocument, startEmbeddedPostgres } from '@lib/platform';
import { EMBEDDED_API } from '../../apps/embedded/src/api-info';
import { embeddedModule } from '../../apps/embedded/src/embedded.module';

/**
 * The embedded platform's OpenAPI document, built in memory: an in-memory PGlite, no listener, no
 * background loop, no demo seed. The environment is fixed here (not read from the shell), so the
 * document is the same on every machine.
 */
export async function buildOpenApiDocument(): Promise<unknown> {
  const pg = await startEmbeddedPostgres('memory');
  try {
    const config = loadPlatformConfig({
      RUN_MODE: 'embedded',
      DATABASE_URL: pg.url,
      PGLITE_DATA_DIR: 'memory',
      BACKGROUND_WORKERS: 'false',
      DEMO_SEED: 'false',
      LOG_LEVEL: 'silent',
      AUTH_DEV_SECRET: randomBytes(32).toString('hex'), // required to boot; appears nowhere in the document
    });
    const app = await createHttpApp(embeddedModule(config), config, EMBEDDED_API);
    try {
      return sortKeys(openApiDocument(app, EMBEDDED_API));
    } finally {
      await app.close();
    }
  } finally {
    await pg.stop();
  }
}

/** Object keys in code-point order, at every depth (arrays keep their order): a stable, diffable document. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}
