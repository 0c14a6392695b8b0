import { CampaignPublished } from './campaigns/campaign-published.v1';
import { EventContract } from './registry';

export * from './envelope';
export * from './registry';
export * from './campaigns/campaign-published.v1';

/** Every contract the platform's services exchange. New versions are added, never edited in place. */
export const ALL_CONTRACTS: readonly EventContract[] = [CampaignPublished];
