import { IsInt, Max, Min } from 'class-validator';
import { envInt, loadEnvClass, PLATFORM_CONFIG, type PlatformConfig } from '@lib/platform';

/** The campaigns service's own settings (README, configuration); the shared ones are in PlatformConfig. */
export class CampaignsEnv {
  /** Grace period after a milestone's due date before it expires unverified, in days. */
  @envInt() @IsInt() @Min(0) @Max(365) MILESTONE_GRACE_DAYS = 30;
}

export type CampaignsConfig = Readonly<CampaignsEnv>;

export const CAMPAIGNS_CONFIG = Symbol('CAMPAIGNS_CONFIG');

/** Validates the campaigns settings out of the platform's environment, or throws listing every problem. */
export function loadCampaignsConfig(platform: Pick<PlatformConfig, 'env'>): CampaignsConfig {
  return Object.freeze(loadEnvClass(CampaignsEnv, platform.env));
}

export const campaignsConfigProvider = { provide: CAMPAIGNS_CONFIG, useFactory: loadCampaignsConfig, inject: [PLATFORM_CONFIG] };
