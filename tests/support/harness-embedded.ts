import type { DataSource } from 'typeorm';
import { createTransport, MessagingRegistry } from '@lib/messaging';
import {
  AdjustableClock,
  createHttpApp,
  dataSourceToken,
  EmbeddedPostgres,
  JobRegistry,
  loadPlatformConfig,
  ServiceName,
  startEmbeddedPostgres,
  TokenVerifier,
} from '@lib/platform';
import { embeddedModule } from '../../apps/embedded/src/embedded.module';
import type { TestPlatform, TestPlatformOptions } from './harness-types';
import { assertLedgerAudit, makeApi, SERVICES, tickUntilQuiet, urlOf } from './harness-shared';
import { HoldingTransport } from './holding-transport';

/** The embedded test platform (harness.ts): one app, in-memory PGlite, in-process bus; Node only. */
export async function startEmbedded(env: Record<string, string>, options: TestPlatformOptions): Promise<TestPlatform> {
  const pg: EmbeddedPostgres = await startEmbeddedPostgres('memory');
  const config = loadPlatformConfig({ ...env, RUN_MODE: 'embedded', DATABASE_URL: pg.url });
  const clock = new AdjustableClock();
  const boot = async () => {
    transport = new HoldingTransport(createTransport(config));
    const module = embeddedModule(config, { clock }, { transport: () => transport });
    module.imports = [...(module.imports ?? []), ...(Object.keys(SERVICES) as ServiceName[]).flatMap((s) => options.extra?.(s) ?? [])];
    const app = await createHttpApp(module, config, { title: 'test', description: 'test' });
    await app.listen(0, '127.0.0.1');
    return app;
  };
  let transport: HoldingTransport;
  let app = await boot();
  const drain = () => app.get(MessagingRegistry).drain();
  return {
    mode: 'embedded',
    config,
    clock,
    api: makeApi(() => urlOf(app)),
    drain,
    tick: () => tickUntilQuiet([app.get(JobRegistry)], drain),
    hold: (service, eventType) => transport.hold(service, eventType),
    token: (sub, ...roles) => app.get(TokenVerifier).issueDevToken(sub, roles),
    db: (service) => app.get<DataSource>(dataSourceToken(service)),
    app: () => app,
    async restart() {
      await app.close();
      app = await boot();
    },
    async close() {
      try {
        await assertLedgerAudit(app.get<DataSource>(dataSourceToken('payouts')));
      } finally {
        await app.close();
        await pg.stop();
      }
    },
  };
}
