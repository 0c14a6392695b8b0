import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Clock, CLOCK, InjectTx, JobRegistry, Tx } from '@lib/platform';
import { CampaignViewRepository } from '../persistence/campaign-view.repository';
import { PledgeRepository } from '../persistence/pledge.repository';
import { PLEDGES_CONFIG, type PledgesConfig } from '../pledges.config';

/**
 * Funding close, first step of the closing saga: once a campaign's endsAt plus the grace period for
 * payments in flight has passed (also when the process was down then), stop accepting pledges,
 * cancel the unpaid ones, and announce the final crowd figures once. Safe on several replicas:
 * campaigns are claimed with SKIP LOCKED and closed by a conditional update.
 */
@Injectable()
export class CloseFundingJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobRegistry,
    @InjectTx('pledges') private readonly txHost: Tx,
    private readonly campaigns: CampaignViewRepository,
    private readonly pledges: PledgeRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLEDGES_CONFIG) private readonly config: PledgesConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register('pledges:close-funding', () => this.run());
  }

  run(): Promise<number> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.config.FUNDING_CLOSE_GRACE_SECONDS * 1000);
    return this.txHost.withTransaction(async () => {
      const due = await this.campaigns.claimDueForClose(cutoff);
      for (const c of due) {
        await this.campaigns.markClosed(c.campaignId, now);
        await this.pledges.cancelUnpaidOfCampaign(c.campaignId);
        // with funding.closed: the final crowd figures, per donor
        await this.campaigns.recordFundingClosed(c, await this.pledges.confirmedTotalsByDonor(c.campaignId), now);
      }
      return due.length;
    });
  }
}
