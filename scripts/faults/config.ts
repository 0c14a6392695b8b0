/** Settings of the fault run (docs/faults.md, Settings), the run's identity and small helpers. */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

export type Svc = 'campaigns' | 'pledges' | 'matching' | 'payouts';
export const SERVICES: Svc[] = ['campaigns', 'pledges', 'matching', 'payouts'];
export const ROOT = resolve(__dirname, '../..');
export const env = process.env;
const int = (name: string, dflt: number, min = 0) => {
  const v = env[name] === undefined || env[name] === '' ? dflt : Number(env[name]);
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer >= ${min} (got ${env[name]})`);
  return v;
};
export const SEED = env.FAULTS_SEED ? int('FAULTS_SEED', 0) : randomBytes(4).readUInt32BE(0);
export const LOAD_S = int('FAULTS_LOAD_SECONDS', 90, 40);
export const N_CAMPAIGNS = int('FAULTS_CAMPAIGNS', 8, 1);
export const N_FAILING = int('FAULTS_FAILING_CAMPAIGNS', 2);
export const N_QUADRATIC = int('FAULTS_QUADRATIC_CAMPAIGNS', 2);
export const CONCURRENCY = int('FAULTS_CONCURRENCY', 6, 1);
export const REPLICAS = int('FAULTS_REPLICAS', 2, 1);
export const BASE_PORT = int('FAULTS_BASE_PORT', 3201, 1);
export const GW_PORT = int('FAULTS_GATEWAY_PORT', 3290, 1);
export const KAFKA_PORT = int('FAULTS_KAFKA_PORT', 19092, 1);
export const QUIESCE_S = int('FAULTS_QUIESCE_SECONDS', 90);
export const PAYMENTS = env.FAULTS_PAYMENTS ?? 'stripe';
if (!['stripe', 'sandbox'].includes(PAYMENTS)) throw new Error(`FAULTS_PAYMENTS must be stripe or sandbox (got ${PAYMENTS})`);
export const STRIPE_URL = env.STRIPE_MOCK_URL || 'http://127.0.0.1:12111';
export const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('hex')}`;
export const RUN_ID = `${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}_${randomBytes(2).toString('hex')}`;
export const ARTIFACTS = resolve(ROOT, env.FAULTS_ARTIFACTS ?? 'artifacts/faults');
export const RUN_DIR = resolve(ROOT, env.FAULTS_RUN_DIR ?? `.data/faults/${RUN_ID}`);
export const DB_NAME = `civic_faults_${RUN_ID}`;
export const NAMESPACE = `faults_${RUN_ID}`;
export const ADMIN_DB_URL = env.DATABASE_URL ?? 'postgres://civic:civic@127.0.0.1:5432/civic';
export const DB_URL = (() => {
  const u = new URL(ADMIN_DB_URL);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
})();
export const DEV_SECRET = randomBytes(32).toString('hex');
export const GW = `http://127.0.0.1:${GW_PORT}`;
export const RATIO = { numerator: 1, denominator: 2 };
/** threshold fund on the same call: a fixed grant once a campaign's crowd reaches the amount */
export const THRESHOLD = { amount: 20_000, grant: 5_000 };
/** quadratic round on its own call; small pool, so the ideals are scaled down to it */
export const QUAD_POOL = 40_000;
export const T0 = Date.now();
export const secs = (ms: number) => `${Math.floor(Math.round(ms / 100) / 10)}.${Math.round(ms / 100) % 10}`;
export const euros = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
export const log = (msg: string) => console.log(`[faults +${secs(Date.now() - T0)}s] ${msg}`);
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** mulberry32: a small seeded PRNG, so the fault schedule and the load's choices replay from the seed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
