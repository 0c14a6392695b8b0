import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock, CLOCK, InjectTx, JobRegistry, Tx } from '@lib/platform';
import { RefundPledges } from '../services/refund-pledges';
import { ProviderRefunds } from '../payments/provider-refunds';
import { CampaignViewRepository } from '../persistence/campaign-view.repository';
import { PledgeRepository } from '../persistence/pledge.repository';
import { PledgesReadModel } from '../persistence/pledges.read-model';
import { PLEDGES_CONFIG, type PledgesConfig } from '../pledges.config';

const BATCH = 50;

/**
 * Refund saga, second step, and the expiry of unpaid pledges. Each batch is its own transaction
 * (rows claimed with SKIP LOCKED, so replicas share the work): a crash loses at most the batch in
 * flight, which the next run redoes — provider refunds are keyed by pledge id, so none is paid
 * back twice. Progress is logged per batch and served by GET /campaigns/:id/refunds.
 */
@Injectable()
export class RefundJob implements OnModuleInit {
  private readonly logger = new Logger('pledges:refunds');

  constructor(
    private readonly jobs: JobRegistry,
    @InjectTx('pledges') private readonly txHost: Tx,
    private readonly pledges: PledgeRepository,
    private readonly readModel: PledgesReadModel,
    private readonly campaigns: CampaignViewRepository,
    private readonly refunds: RefundPledges,
    private readonly providerRefunds: ProviderRefunds,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLEDGES_CONFIG) private readonly config: PledgesConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register('pledges:refund-ended-campaigns', () => this.refundEndedCampaigns());
    this.jobs.register('pledges:expire-unpaid', () => this.expireUnpaid());
  }

  async refundEndedCampaigns(): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.txHost.withTransaction(async () => {
        const batch = await this.pledges.claimOfEndedCampaigns(BATCH);
        const reasons = await this.campaigns.endReasons([...new Set(batch.map((p) => p.campaignId))]);
        for (const pledge of batch) {
          const reason = reasons.get(pledge.campaignId)!;
          if (pledge.status === 'confirmed') await this.refunds.refund(pledge, reason, { announce: true, force: true });
          else await this.pledges.markCancelled(pledge.id, reason);
        }
        return batch;
      });
      await this.providerRefunds.flush({ pledgeIds: done.map((p) => p.id) }); // after the batch committed
      total += done.length;
      for (const campaignId of new Set(done.map((p) => p.campaignId))) this.logger.log(`campaign ${campaignId}: ${await this.progressLine(campaignId)}`);
      if (done.length < BATCH) return total;
    }
  }

  private async progressLine(campaignId: string): Promise<string> {
    const p = await this.progress(campaignId);
    return `${p.refunded} refunded, ${p.pending} to go`;
  }

  progress(campaignId: string): Promise<{ refunded: number; pending: number; refundedAmount: number }> {
    return this.readModel.refundProgress(campaignId);
  }

  /** A pledge left unpaid for PLEDGE_PAYMENT_TIMEOUT_MINUTES is cancelled (nothing was collected). */
  async expireUnpaid(): Promise<number> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.config.PLEDGE_PAYMENT_TIMEOUT_MINUTES * 60_000);
    return this.txHost.withTransaction(async () => {
      const stale = await this.pledges.claimUnpaidSince(cutoff);
      for (const pledge of stale) await this.pledges.expire(pledge, 'payment not completed in time', now);
      return stale.length;
    });
  }
}
