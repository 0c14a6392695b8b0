import { randomUUID } from 'node:crypto';
import { startDistributed } from './harness-distributed';
import { startEmbedded } from './harness-embedded';
import { TEST_MODE, type TestPlatform, type TestPlatformOptions } from './harness-types';

export { TEST_MODE } from './harness-types';
export type { Api, TestMode, TestPlatform, TestPlatformOptions, Verb } from './harness-types';

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
