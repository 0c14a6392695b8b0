import { Inject, Injectable } from '@nestjs/common';
import { EventEnvelope, TranchesSettled, TranchesSettledV1 } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { Clock, CLOCK } from '@lib/platform';
import { CampaignRepository } from '../persistence/campaign.repository';

/** Payouts paid or forfeited every tranche: the campaign completes once its milestones are all decided too. */
@Injectable()
@EventConsumer({ service: 'campaigns', events: [TranchesSettled] })
export class CompleteCampaignOnTranchesSettled implements EventHandler {
  constructor(
    private readonly campaigns: CampaignRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle({ payload }: EventEnvelope<TranchesSettledV1>): Promise<void> {
    const now = this.clock.now();
    await this.campaigns.markTranchesSettled(payload.campaignId, now);
    await this.campaigns.completeIfSettled(payload.campaignId, now);
  }
}
