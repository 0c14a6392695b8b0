import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { FundingClosed } from '@lib/contracts';
import { OutboxWriter } from '@lib/messaging';
import { Clock, CLOCK, InjectTx, JobRegistry, PLATFORM_CONFIG, PlatformConfig, Tx } from '@lib/platform';

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
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register('pledges:close-funding', () => this.run());
  }

  run(): Promise<number> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.config.FUNDING_CLOSE_GRACE_SECONDS * 1000);
    return this.txHost.withTransaction(async () => {
      const due: { campaign_id: string; currency: string }[] = await this.txHost.tx.query(
        `SELECT campaign_id, currency FROM pledges.campaign_views WHERE status = 'open' AND ends_at <= $1
          ORDER BY ends_at LIMIT 100 FOR UPDATE SKIP LOCKED`,
        [cutoff],
      );
      for (const c of due) {
        await this.txHost.tx.query(`UPDATE pledges.campaign_views SET status = 'closed', closed_at = $2 WHERE campaign_id = $1`, [c.campaign_id, now]);
        await this.txHost.tx.query(
          `UPDATE pledges.pledges SET status = 'cancelled', failure_reason = 'not paid before funding closed' WHERE campaign_id = $1 AND status = 'requires_payment'`,
          [c.campaign_id],
        );
        const donors: { donor_id: string; amount: string }[] = await this.txHost.tx.query(
          `SELECT donor_id, sum(amount_minor) AS amount FROM pledges.pledges WHERE campaign_id = $1 AND status = 'confirmed'
            GROUP BY donor_id ORDER BY donor_id`,
          [c.campaign_id],
        );
        const totals = donors.map((d) => ({ donorId: d.donor_id, amount: Number(d.amount) }));
        const crowdAmount = totals.reduce((sum, d) => sum + d.amount, 0);
        await this.txHost.tx.query(`UPDATE pledges.campaign_views SET crowd_at_close = $2 WHERE campaign_id = $1`, [c.campaign_id, crowdAmount]);
        await this.outbox.append({
          contract: FundingClosed,
          aggregateId: c.campaign_id,
          occurredAt: now,
          payload: {
            campaignId: c.campaign_id,
            currency: c.currency.trim(),
            crowdAmount,
            backers: totals.length,
            donors: totals,
            closedAt: now.toISOString(),
          },
        });
      }
      return due.length;
    });
  }
}
