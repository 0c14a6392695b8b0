import { IsInt, IsOptional, IsUrl, Max, Min } from 'class-validator';
import { ConfigError, envInt, loadEnvClass, PLATFORM_CONFIG, type PlatformConfig } from '@lib/platform';

/** The pledges service's own settings (README, configuration); the shared ones are in PlatformConfig. */
export class PledgesEnv {
  /** Smallest and largest single pledge, in cents. */
  @envInt() @IsInt() @Min(1) PLEDGE_MIN_AMOUNT = 100;
  @envInt() @IsInt() @Min(1) PLEDGE_MAX_AMOUNT = 1_000_000;
  /** An unpaid pledge is cancelled after this many minutes. */
  @envInt() @IsInt() @Min(1) @Max(10080) PLEDGE_PAYMENT_TIMEOUT_MINUTES = 60;
  /** Grace period after a campaign's deadline for payments already in flight, in seconds. */
  @envInt() @IsInt() @Min(0) @Max(86400) FUNDING_CLOSE_GRACE_SECONDS = 60;
  /** Where the pledges service asks for a match quote (the gateway or the matching service); embedded: itself. */
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }) MATCHING_BASE_URL?: string;
}

export type PledgesConfig = Readonly<PledgesEnv>;

export const PLEDGES_CONFIG = Symbol('PLEDGES_CONFIG');

/** Validates the pledges settings out of the platform's environment, or throws listing every problem. */
export function loadPledgesConfig(platform: Pick<PlatformConfig, 'env'>): PledgesConfig {
  const c = loadEnvClass(PledgesEnv, platform.env);
  if (c.PLEDGE_MAX_AMOUNT < c.PLEDGE_MIN_AMOUNT) throw new ConfigError('Invalid configuration: PLEDGE_MAX_AMOUNT is below PLEDGE_MIN_AMOUNT');
  return Object.freeze(c);
}

export const pledgesConfigProvider = { provide: PLEDGES_CONFIG, useFactory: loadPledgesConfig, inject: [PLATFORM_CONFIG] };
