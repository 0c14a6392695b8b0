import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createHttpApp, listen, loadPlatformConfig, startEmbeddedPostgres } from '@lib/platform';
import { seedDemo } from './seed-demo';
import { EMBEDDED_API } from './api-info';
import { persistentDevSecret } from './dev-secret';
import { embeddedModule } from './embedded.module';

/** `npm start`: the whole platform in one process, seeded with a small demo on first start. */
async function main() {
  const logger = new Logger('embedded');
  const env: Record<string, string | undefined> = { ...process.env, RUN_MODE: process.env.RUN_MODE ?? 'embedded' };
  const base = loadPlatformConfig(env);
  if (base.RUN_MODE !== 'embedded') throw new Error('apps/embedded runs in RUN_MODE=embedded only; start the services one by one instead');
  const embeddedDb = base.DATABASE_URL ? undefined : await startEmbeddedPostgres(base.PGLITE_DATA_DIR);
  if (embeddedDb) logger.log(`PGlite database in ${base.PGLITE_DATA_DIR} (embedded mode is for evaluation and development; use PostgreSQL for real money)`);
  const config = loadPlatformConfig({
    ...env,
    DATABASE_URL: embeddedDb?.url ?? base.DATABASE_URL,
    AUTH_DEV_SECRET: env.AUTH_DEV_SECRET ?? persistentDevSecret(base.PGLITE_DATA_DIR),
  });
  const app = await createHttpApp(embeddedModule(config), config, EMBEDDED_API);
  app.enableShutdownHooks();
  const url = await listen(app, config, 'embedded');
  if (embeddedDb) process.once('beforeExit', () => void embeddedDb.stop());
  if (config.DEMO_SEED) await seedDemo(url, app, logger);
  logger.log(`ready: open ${url}/docs for the API; GET ${url}/campaigns lists the live campaigns`);
}

main().catch((e: unknown) => {
  new Logger('embedded').error(e instanceof Error ? e.stack : String(e));
  process.exit(1);
});
