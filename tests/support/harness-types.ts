/** The test platform's shape (harness.ts starts it, embedded or distributed; both implementations build it). */
import type { DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import type { Transport } from '@lib/messaging';
import type { AdjustableClock, PlatformConfig, Role, ServiceName } from '@lib/platform';

export type TestMode = 'embedded' | 'distributed';
export const TEST_MODE: TestMode = process.env.TEST_MODE === 'distributed' ? 'distributed' : 'embedded';

export type Verb = 'get' | 'post' | 'put' | 'patch' | 'delete';
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
