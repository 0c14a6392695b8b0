import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotIn,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { ConfigError, envBool, envInt, type EnvRecord, loadEnvClass } from './env-config';

/** Secrets that were once the default of a script or compose file: public, so never accepted. */
const PUBLISHED_DEV_SECRETS = ['civic-dev-only-secret-do-not-use-in-production'];

const TRUST_PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** The entries of a TRUST_PROXY value (empty: trust nobody). */
export function trustProxyEntries(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function isTrustProxyEntry(entry: string): boolean {
  if (TRUST_PROXY_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

@ValidatorConstraint({ name: 'isTrustProxyList' })
class IsTrustProxyList implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && trustProxyEntries(value).every(isTrustProxyEntry);
  }
  defaultMessage(): string {
    return 'TRUST_PROXY must be a comma-separated list of IP addresses, CIDRs (10.0.0.0/8) or loopback, linklocal, uniquelocal';
  }
}

/**
 * The environment variables every service reads (runtime, database, broker, auth, payments provider), with their
 * defaults. A service's own settings live in its own config (apps/<service>/src/<service>.config.ts), read from
 * the same environment (`PlatformConfig.env`). README's configuration table mirrors these classes;
 * `loadPlatformConfig` fails fast at boot with every invalid variable listed.
 */
export class PlatformEnv {
  /** embedded: one process, PGlite, in-process bus. distributed: PostgreSQL + Kafka. */
  @IsIn(['embedded', 'distributed']) RUN_MODE: 'embedded' | 'distributed' = 'embedded';
  @envInt() @IsInt() @Min(0) @Max(65535) PORT = 3000;
  /** Interface to listen on; containers set 0.0.0.0. */
  @IsString() HOST = '127.0.0.1';
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
  /** PostgreSQL URL (distributed). Ignored in embedded mode unless EMBEDDED_DATABASE=postgres. */
  @IsOptional() @IsString() DATABASE_URL?: string;
  @envInt() @IsInt() @Min(1) @Max(200) DATABASE_POOL_SIZE = 10;
  /** Where embedded PGlite keeps its files; "memory" keeps nothing (tests). */
  @IsString() PGLITE_DATA_DIR = '.data/pglite';
  @IsString() KAFKA_BROKERS = '127.0.0.1:9092';
  @IsString() KAFKA_CLIENT_ID = 'civic';
  /** Prefix for topic names and consumer groups, so test runs can share a broker without colliding. */
  @IsOptional() @IsString() KAFKA_NAMESPACE?: string;
  @envInt() @IsInt() @Min(1) @Max(64) KAFKA_TOPIC_PARTITIONS = 3;
  /** Attempts of one consumer before an event goes to the dead-letter topic. */
  @envInt() @IsInt() @Min(1) @Max(100) CONSUMER_MAX_ATTEMPTS = 5;
  @envInt() @IsInt() @Min(0) @Max(60000) CONSUMER_RETRY_BASE_MS = 200;
  /**
   * Embedded mode: at most this many events per consumer transaction. PGlite runs one transaction
   * at a time for the whole process, so a long batch makes every request wait behind it
   * (docs/performance.md measured 1 against 200).
   */
  @envInt() @IsInt() @Min(1) @Max(200) EMBEDDED_CONSUMER_BATCH = 1;
  @envInt() @IsInt() @Min(5) @Max(60000) OUTBOX_POLL_MS = 250;
  /** How often deadline/schedule jobs look for due work. */
  @envInt() @IsInt() @Min(50) @Max(3600000) JOBS_INTERVAL_MS = 1000;
  /** Rate limits per caller per minute (429 beyond): creating/paying pledges, and issuing tokens. */
  @envInt() @IsInt() @Min(1) @Max(1_000_000) RATE_LIMIT_PLEDGES_PER_MINUTE = 30;
  @envInt() @IsInt() @Min(1) @Max(1_000_000) RATE_LIMIT_AUTH_PER_MINUTE = 20;
  /**
   * Which peers may set X-Forwarded-For (express `trust proxy`): a comma-separated list of IPs,
   * CIDRs and the names `loopback`, `linklocal`, `uniquelocal`. Unset: nobody, so req.ip (rate
   * limits, logs) is always the TCP peer. Set it where a reverse proxy (the nginx gateway) sits in front.
   */
  @IsOptional() @Validate(IsTrustProxyList) TRUST_PROXY?: string;
  /** Deepest nesting of objects/arrays accepted in a JSON body; deeper is a 400 BODY_TOO_DEEP before validation. */
  @envInt() @IsInt() @Min(1) @Max(256) BODY_MAX_DEPTH = 32;
  /** Background loops (outbox relay polling, schedulers). Consumers always run. Tests turn these off and drain by hand. */
  @envBool() @IsBoolean() BACKGROUND_WORKERS = true;
  /** POST /auth/dev-token. Defaults to on in embedded mode, off in distributed mode. */
  @IsOptional() @envBool() @IsBoolean() AUTH_DEV_TOKENS?: boolean;
  /** HS256 secret for dev tokens; a random one per process when unset. At least 32 characters, never a published one. */
  @IsOptional()
  @IsString()
  @MinLength(32)
  @IsNotIn(PUBLISHED_DEV_SECRETS, { message: 'AUTH_DEV_SECRET is a published example secret: generate your own (openssl rand -hex 32)' })
  AUTH_DEV_SECRET?: string;
  @IsOptional() @IsUrl({ require_tld: false }) OIDC_ISSUER?: string;
  @IsOptional() @IsString() OIDC_AUDIENCE?: string;
  @IsOptional() @IsUrl({ require_tld: false }) OIDC_JWKS_URL?: string;
  /** The web app's OIDC client (authorization code + PKCE, a public client); the app logs in with OIDC when this and OIDC_ISSUER are set. */
  @IsOptional() @IsString() OIDC_CLIENT_ID?: string;
  @IsIn(['sandbox', 'stripe']) PAYMENTS_PROVIDER: 'sandbox' | 'stripe' = 'sandbox';
  @IsOptional() @IsString() STRIPE_SECRET_KEY?: string;
  @IsOptional() @IsString() STRIPE_WEBHOOK_SECRET?: string;
  /** Stripe publishable key for the web app's Payment Element (PAYMENTS_PROVIDER=stripe); public by design. */
  @IsOptional() @Matches(/^pk_(test|live)_[A-Za-z0-9]+$/) STRIPE_PUBLISHABLE_KEY?: string;
  /** e.g. http://127.0.0.1:12111 to talk to stripe-mock. */
  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) STRIPE_API_URL?: string;
  /** Seed the demo data set on first start (embedded default). */
  @IsOptional() @envBool() @IsBoolean() DEMO_SEED?: boolean;
  @IsOptional() @IsString() PUBLIC_URL?: string;
}

export type PlatformConfig = Readonly<
  Omit<PlatformEnv, 'AUTH_DEV_TOKENS' | 'AUTH_DEV_SECRET' | 'DEMO_SEED'> & {
    AUTH_DEV_TOKENS: boolean;
    AUTH_DEV_SECRET: string;
    DEMO_SEED: boolean;
    /** The environment the config was read from: each service validates its own settings out of it (`loadEnvClass`). */
    env: EnvRecord;
  }
>;

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');

/** Validates `env` (default: process.env) into the typed config, or throws listing every problem. */
export function loadPlatformConfig(env: EnvRecord = process.env): PlatformConfig {
  const parsed = loadEnvClass(PlatformEnv, env);
  const embedded = parsed.RUN_MODE === 'embedded';
  if (!embedded && !parsed.DATABASE_URL) throw new ConfigError('Invalid configuration: DATABASE_URL is required when RUN_MODE=distributed');
  if (parsed.PAYMENTS_PROVIDER === 'stripe' && !parsed.STRIPE_SECRET_KEY) {
    throw new ConfigError('Invalid configuration: STRIPE_SECRET_KEY is required when PAYMENTS_PROVIDER=stripe');
  }
  if (parsed.OIDC_ISSUER || parsed.OIDC_JWKS_URL) {
    // without an audience, a token the issuer minted for any other client of the realm would pass
    for (const name of ['OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_JWKS_URL'] as const) {
      if (!parsed[name]) throw new ConfigError(`Invalid configuration: ${name} is required when OIDC is on (OIDC_ISSUER or OIDC_JWKS_URL set)`);
    }
  }
  return Object.freeze({
    ...parsed,
    AUTH_DEV_TOKENS: parsed.AUTH_DEV_TOKENS ?? embedded,
    AUTH_DEV_SECRET: parsed.AUTH_DEV_SECRET ?? randomBytes(32).toString('hex'),
    DEMO_SEED: parsed.DEMO_SEED ?? embedded,
    env: Object.freeze({ ...env }),
  });
}

/** The same platform settings with `overrides` on top of their environment (a host that gives one service its peers' URLs). */
export function withEnv(config: PlatformConfig, overrides: EnvRecord): PlatformConfig {
  return Object.freeze({ ...config, env: Object.freeze({ ...config.env, ...overrides }) });
}
