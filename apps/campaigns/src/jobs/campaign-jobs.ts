import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { MilestoneExpired } from '@lib/contracts';
import { OutboxWriter } from '@lib/messaging';
import { Clock, CLOCK, InjectTx, JobRegistry, PLATFORM_CONFIG, PlatformConfig, returnedRows, Tx } from '@lib/platform';
import { CompleteWhenSettled } from '../commands/complete-when-settled';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Time-driven campaign transitions, as queries for what is due (so they fire after a restart):
 * scheduled campaigns go live at startsAt; milestones without an accepted verification by
 * dueAt + MILESTONE_GRACE_DAYS expire (and the campaign completes when all are settled).
 */
@Injectable()
export class CampaignJobs implements OnModuleInit {
  constructor(
    private readonly jobs: JobRegistry,
    @InjectTx('campaigns') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
    private readonly completion: CompleteWhenSettled,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register('campaigns:go-live', () => this.goLive());
    this.jobs.register('campaigns:expire-milestones', () => this.expireMilestones());
  }

  async goLive(): Promise<number> {
    const rows: unknown[] = await this.txHost.withTransaction(() =>
      this.txHost.tx.query(
        `UPDATE campaigns.campaigns SET status = 'live', updated_at = $1 WHERE status = 'scheduled' AND starts_at <= $1 RETURNING id`,
        [this.clock.now()],
      ),
    );
    return returnedRows(rows).length;
  }

  async expireMilestones(): Promise<number> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.config.MILESTONE_GRACE_DAYS * DAY_MS);
    return this.txHost.withTransaction(async () => {
      const due: { id: string; campaign_id: string; due_at: Date }[] = await this.txHost.tx.query(
        `SELECT m.id, m.campaign_id, m.due_at FROM campaigns.milestones m
           JOIN campaigns.campaigns c ON c.id = m.campaign_id
          WHERE c.status = 'in_delivery' AND m.status IN ('pending', 'evidence_submitted') AND m.due_at <= $1
          ORDER BY m.due_at LIMIT 200 FOR UPDATE OF m SKIP LOCKED`,
        [cutoff],
      );
      for (const m of due) {
        await this.txHost.tx.query(`UPDATE campaigns.milestones SET status = 'expired', settled_at = $2 WHERE id = $1`, [m.id, now]);
        await this.outbox.append({
          contract: MilestoneExpired,
          aggregateId: m.campaign_id,
          occurredAt: now,
          payload: { campaignId: m.campaign_id, milestoneId: m.id, dueAt: m.due_at.toISOString() },
        });
      }
      for (const campaignId of new Set(due.map((m) => m.campaign_id))) await this.completion.completeIfSettled(campaignId, now);
      return due.length;
    });
  }
}
