import { DynamicModule } from '@nestjs/common';
import { hostModule } from '@lib/messaging';
import type { PlatformConfig } from '@lib/platform';
// The embedded host is the one place allowed to import the four services: it only hosts them.
import { CampaignsModule } from '../../campaigns/src/campaigns.module';
import { MatchingModule } from '../../matching/src/matching.module';
import { PayoutsModule } from '../../payouts/src/payouts.module';
import { PledgesModule } from '../../pledges/src/pledges.module';
import { WebAppModule } from './web-app.module';

export const SERVICE_MODULES = [CampaignsModule, PledgesModule, MatchingModule, PayoutsModule];

/** All four services in one process: one port, one PGlite, the in-process transport; and the web app at `/`. */
export function embeddedModule(
  config: PlatformConfig,
  platform: Parameters<typeof hostModule>[4] = {},
  messaging: Parameters<typeof hostModule>[3] = {},
): DynamicModule {
  return hostModule(config, SERVICE_MODULES, [WebAppModule], messaging, platform);
}
