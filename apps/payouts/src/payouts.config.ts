import { IsInt, IsOptional, IsUrl, Max, Min } from 'class-validator';
import { envInt, loadEnvClass, PLATFORM_CONFIG, type PlatformConfig } from '@lib/platform';

const url = () => IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] });

/** The payouts service's own settings (README, configuration); the shared ones are in PlatformConfig. */
export class PayoutsEnv {
  /**
   * Where GET /audit/platform reads each service's /audit/<service>/figures; default: the gateway (PUBLIC_URL),
   * embedded: itself (docs/audit.md).
   */
  @IsOptional() @url() CAMPAIGNS_BASE_URL?: string;
  @IsOptional() @url() PLEDGES_BASE_URL?: string;
  @IsOptional() @url() MATCHING_BASE_URL?: string;
  @IsOptional() @url() PAYOUTS_BASE_URL?: string;
  /** The platform audit reads the figures again this many times while they disagree (messages in flight), this far apart. */
  @envInt() @IsInt() @Min(1) @Max(10) AUDIT_PLATFORM_ATTEMPTS = 3;
  @envInt() @IsInt() @Min(0) @Max(60000) AUDIT_PLATFORM_RETRY_MS = 500;
  @envInt() @IsInt() @Min(100) @Max(120000) AUDIT_PLATFORM_TIMEOUT_MS = 10000;
  /**
   * GET /transparency/export streams through a database cursor on a connection of its own: at most
   * this many at once (the rest get 429 EXPORT_BUSY with Retry-After), so slow downloads cannot take
   * the service's pool; a client that reads nothing for EXPORT_STALL_MS is cut off.
   */
  @envInt() @IsInt() @Min(1) @Max(50) EXPORT_MAX_CONCURRENT = 3;
  @envInt() @IsInt() @Min(1000) @Max(600000) EXPORT_STALL_MS = 30000;
}

export type PayoutsConfig = Readonly<PayoutsEnv>;

export const PAYOUTS_CONFIG = Symbol('PAYOUTS_CONFIG');

/** Validates the payouts settings out of the platform's environment, or throws listing every problem. */
export function loadPayoutsConfig(platform: Pick<PlatformConfig, 'env'>): PayoutsConfig {
  return Object.freeze(loadEnvClass(PayoutsEnv, platform.env));
}

export const payoutsConfigProvider = { provide: PAYOUTS_CONFIG, useFactory: loadPayoutsConfig, inject: [PLATFORM_CONFIG] };
