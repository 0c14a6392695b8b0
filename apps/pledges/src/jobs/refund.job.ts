import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { PledgeFailed } from '@lib/contracts';
import { OutboxWriter } from '@lib/messaging';
import { Clock, CLOCK, InjectTx, JobRegistry, PLATFORM_CONFIG, PlatformConfig, Tx } from '@lib/platform';
import { RefundPledges } from '../commands/refund-pledges';
import { ProviderRefunds } from '../payments/provider-refunds';
import { CampaignViewEntity } from '../persistence/campaign-view.entity';
import { PledgeEntity } from '../persistence/pledge.entity';

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
    private readonly refunds: RefundPledges,
    private readonly providerRefunds: ProviderRefunds,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register('pledges:refund-ended-campaigns', () => this.refundEndedCampaigns());
    this.jobs.register('pledges:expire-unpaid', () => this.expireUnpaid());
  }

  async refundEndedCampaigns(): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.txHost.withTransaction(async () => {
        const batch: PledgeEntity[] = await this.txHost.tx
          .getRepository(PledgeEntity)
          .createQueryBuilder('p')
          .innerJoin(CampaignViewEntity, 'v', 'v.campaign_id = p.campaign_id')
          .where(`v.status IN ('cancelled', 'failed')`)
          .andWhere(`p.status IN ('confirmed', 'requires_payment')`)
          .orderBy('p.created_at', 'ASC')
          .limit(BATCH)
          .setLock('pessimistic_write', undefined, ['p'])
          .setOnLocked('skip_locked')
          .getMany();
        const reasons = new Map<string, string>(
          (await this.txHost.tx.query(`SELECT campaign_id, end_reason FROM pledges.campaign_views WHERE campaign_id = ANY($1::uuid[])`, [
            [...new Set(batch.map((p) => p.campaignId))],
          ])).map((r: { campaign_id: string; end_reason: string }) => [r.campaign_id, r.end_reason ?? 'campaign ended']),
        );
        for (const pledge of batch) {
          const reason = reasons.get(pledge.campaignId)!;
          if (pledge.status === 'confirmed') await this.refunds.refund(pledge, reason, { announce: true, force: true });
          else await this.txHost.tx.getRepository(PledgeEntity).update({ id: pledge.id }, { status: 'cancelled', failureReason: reason });
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

  async progress(campaignId: string): Promise<{ refunded: number; pending: number; refundedAmount: number }> {
    const [row] = await this.txHost.tx.query(
      `SELECT count(*) FILTER (WHERE status = 'refunded') AS refunded, count(*) FILTER (WHERE status = 'confirmed') AS pending,
              coalesce(sum(amount_minor) FILTER (WHERE status = 'refunded'), 0) AS refunded_amount
         FROM pledges.pledges WHERE campaign_id = $1`,
      [campaignId],
    );
    return { refunded: Number(row.refunded), pending: Number(row.pending), refundedAmount: Number(row.refunded_amount) };
  }

  /** A pledge left unpaid for PLEDGE_PAYMENT_TIMEOUT_MINUTES is cancelled (nothing was collected). */
  async expireUnpaid(): Promise<number> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.config.PLEDGE_PAYMENT_TIMEOUT_MINUTES * 60_000);
    return this.txHost.withTransaction(async () => {
      const stale: PledgeEntity[] = await this.txHost.tx
        .getRepository(PledgeEntity)
        .createQueryBuilder('p')
        .where(`p.status = 'requires_payment'`)
        .andWhere('p.created_at <= :cutoff', { cutoff })
        .limit(500)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const pledge of stale) {
        const reason = 'payment not completed in time';
        await this.txHost.tx.getRepository(PledgeEntity).update({ id: pledge.id }, { status: 'cancelled', failureReason: reason });
        await this.outbox.append({
          contract: PledgeFailed,
          aggregateId: pledge.id,
          occurredAt: now,
          payload: { pledgeId: pledge.id, campaignId: pledge.campaignId, donorId: pledge.donorId, amount: pledge.amount, reason },
        });
      }
      return stale.length;
    });
  }
}
