import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DynamicModule, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createTransport, hostModule, MessagingRegistry, Transport } from '@lib/messaging';
import {
  AdjustableClock,
  createHttpApp,
  dataSourceToken,
  JobRegistry,
  EmbeddedPostgres,
  loadPlatformConfig,
  PlatformConfig,
  Role,
  ServiceName,
  withEnv,
  startEmbeddedPostgres,
  TokenVerifier,
} from '@lib/platform';
import { CampaignsModule } from '../../apps/campaigns/src/campaigns.module';
import { embeddedModule } from '../../apps/embedded/src/embedded.module';
import { MatchingModule } from '../../apps/matching/src/matching.module';
import { PayoutsModule } from '../../apps/payouts/src/payouts.module';
import { PledgesModule } from '../../apps/pledges/src/pledges.module';
import { HoldingTransport } from './holding-transport';
import { serviceFor } from './routes';
import { auditLedger } from '../../apps/payouts/src/persistence/ledger-audit.read-model';

export type TestMode = 'embedded' | 'distributed';
export const TEST_MODE: TestMode = process.env.TEST_MODE === 'distributed' ? 'distributed' : 'embedded';

const SERVICES: Record<ServiceName, Type> = {
  campaigns: CampaignsModule,
  pledges: PledgesModule,
  matching: MatchingModule,
  payouts: PayoutsModule,
};

type Verb = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Api = Record<Verb, (path: string) => request.Test>;

export interface TestPlatform {
  readonly mode: TestMode;
  /** HTTP client with the public API's paths, routed as the gateway routes them. */
  readonly api: Api;
  /** Publishes every outbox and waits until all consumers have handled it (repeats until quiet). */
  drain(): Promise<void>;
  /** Runs every due job (deadlines, schedules, expiries) and drains, until nothing moves. */
  tick(): Promise<void>;
  /**
   * Holds the topic of one event type back from one service's consumers, as a lagging topic would,
   * until the returned function is called (then drain). Other topics flow; a restart drops the hold.
   */
  hold(service: ServiceName, eventType: string): () => Promise<void>;
  /** Every service's clock: real time plus an offset that `advance` moves forward. */
  readonly clock: AdjustableClock;
  token(sub: string, ...roles: Role[]): string;
  /** A service's own database, for white-box assertions in messaging tests. */
  db(service: ServiceName): DataSource;
  app(service: ServiceName): NestExpressApplication;
  readonly config: PlatformConfig;
  /** Stops every app and starts them again on the same database (and broker): a crash/restart. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface TestPlatformOptions {
  env?: Record<string, string>;
  /** Extra modules hosted next to the services (test consumers). */
  extra?: (service: ServiceName) => DynamicModule['imports'];
  /** Wraps a service's transport (fault injection). Distributed mode only. */
  transport?: (service: ServiceName, config: PlatformConfig) => Transport | undefined;
}

/**
 * Boots the platform for an end-to-end suite: embedded (one app, in-memory PGlite, in-process
 * bus; Node only) or distributed (the four services as separate Nest apps on real PostgreSQL —
 * a fresh database per suite — and real Kafka with topics namespaced per suite).
 * Background loops are off: suites call drain() instead of sleeping.
 */
export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const base = {
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    BACKGROUND_WORKERS: 'false',
    AUTH_DEV_TOKENS: 'true',
    AUTH_DEV_SECRET: 'test-secret-' + randomUUID(),
    DEMO_SEED: 'false',
    CONSUMER_RETRY_BASE_MS: '5',
    // suites issue many tokens and pledges from one address; the rate-limit suite sets its own
    RATE_LIMIT_PLEDGES_PER_MINUTE: '1000000',
    RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
    ...options.env,
  };
  return TEST_MODE === 'distributed' ? startDistributed(base, options) : startEmbedded(base, options);
}

async function startEmbedded(env: Record<string, string>, options: TestPlatformOptions): Promise<TestPlatform> {
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

async function startDistributed(env: Record<string, string>, options: TestPlatformOptions): Promise<TestPlatform> {
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

/** Every suite ends with the ledger audit of design.md §3: a violation fails the suite. */
async function assertLedgerAudit(payouts: DataSource): Promise<void> {
  const violations = await auditLedger(payouts);
  if (violations.length > 0) throw new Error(`ledger audit failed: ${JSON.stringify(violations, null, 2)}`);
}

async function tickUntilQuiet(jobs: JobRegistry[], drain: () => Promise<void>): Promise<void> {
  await drain();
  for (let round = 0; round < 50; round++) {
    let handled = 0;
    for (const j of jobs) handled += await j.runAll();
    await drain();
    if (handled === 0) return;
  }
  throw new Error('jobs did not settle after 50 rounds');
}

/** Apps listen on an ephemeral loopback port: supertest then reuses it (given a bare server, it would listen anew per request). */
function urlOf(app: NestExpressApplication): string {
  const address = app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

function makeApi(baseFor: (path: string) => string): Api {
  const verbs: Verb[] = ['get', 'post', 'put', 'patch', 'delete'];
  return Object.fromEntries(verbs.map((verb) => [verb, (path: string) => request(baseFor(path))[verb](path)])) as Api;
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
