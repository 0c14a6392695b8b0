import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createTransport, hostModule, MessagingRegistry } from '@lib/messaging';
import { AdjustableClock, createHttpApp, dataSourceToken, JobRegistry, loadPlatformConfig, ServiceName, TokenVerifier, withEnv } from '@lib/platform';
import type { TestPlatform, TestPlatformOptions } from './harness-types';
import { assertLedgerAudit, makeApi, SERVICES, tickUntilQuiet, urlOf } from './harness-shared';
import { HoldingTransport } from './holding-transport';
import { serviceFor } from './routes';

/**
 * The distributed test platform (harness.ts): the four services as separate Nest apps on real PostgreSQL
 * (a fresh database per suite) and real Kafka with topics namespaced per suite.
 */
export async function startDistributed(env: Record<string, string>, options: TestPlatformOptions): Promise<TestPlatform> {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://civic:civic@127.0.0.1:5432/civic';
  const suite = `e2e_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${suite}`);
  const url = new URL(adminUrl);
  url.pathname = `/${suite}`;
  const config = loadPlatformConfig({
    ...env,
    RUN_MODE: 'distributed',
    DATABASE_URL: url.toString(),
    DATABASE_POOL_SIZE: '5',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    KAFKA_NAMESPACE: suite,
    KAFKA_TOPIC_PARTITIONS: '2',
  });
  const clock = new AdjustableClock();
  const apps = {} as Record<ServiceName, NestExpressApplication>;
  const transports = {} as Record<ServiceName, HoldingTransport>;
  const boot = async (service: ServiceName) => {
    // Like the gateway in production: the pledges service asks matching for quotes over HTTP.
    // ... and payouts reads the other services' figures for GET /audit/platform (booted last, so they all listen)
    const figures = service === 'payouts' ? { CAMPAIGNS_BASE_URL: urlOf(apps.campaigns), PLEDGES_BASE_URL: urlOf(apps.pledges) } : {};
    const serviceConfig = service !== 'matching' && apps.matching ? withEnv(config, { MATCHING_BASE_URL: urlOf(apps.matching), ...figures }) : config;
    const module = hostModule(
      serviceConfig,
      [SERVICES[service]],
      options.extra?.(service) ?? [],
      { transport: (c) => (transports[service] = new HoldingTransport(options.transport?.(service, c) ?? createTransport(c))) },
      { clock },
    );
    const app = await createHttpApp(module, serviceConfig, { title: service, description: service });
    await app.listen(0, '127.0.0.1');
    return app;
  };
  const BOOT_ORDER: ServiceName[] = ['matching', 'campaigns', 'pledges', 'payouts'];
  for (const service of BOOT_ORDER) apps[service] = await boot(service);
  const all = () => Object.values(apps);
  const drain = async () => {
    for (let round = 0; round < 100; round++) {
      let moved = 0;
      for (const app of all()) moved += await app.get(MessagingRegistry).publishPending();
      for (const app of all()) await app.get(MessagingRegistry).idle(60_000);
      if (moved === 0) return;
    }
    throw new Error('messaging did not settle after 100 rounds');
  };
  return {
    mode: 'distributed',
    config,
    clock,
    api: makeApi((path) => urlOf(apps[serviceFor(path)])),
    drain,
    tick: () =>
      tickUntilQuiet(
        all().map((a) => a.get(JobRegistry)),
        drain,
      ),
    hold: (service, eventType) => transports[service].hold(service, eventType),
    token: (sub, ...roles) => apps.campaigns.get(TokenVerifier).issueDevToken(sub, roles),
    db: (service) => apps[service].get<DataSource>(dataSourceToken(service)),
    app: (service) => apps[service],
    async restart() {
      for (const service of BOOT_ORDER) {
        await apps[service].close();
        apps[service] = await boot(service);
      }
    },
    async close() {
      try {
        await assertLedgerAudit(apps.payouts.get<DataSource>(dataSourceToken('payouts')));
      } finally {
        for (const app of all()) await app.close();
        await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${suite} WITH (FORCE)`);
      }
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
