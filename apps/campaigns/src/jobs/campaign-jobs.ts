import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Clock, CLOCK, InjectTx, JobRegistry, Tx } from '@lib/platform';
import { CampaignRepository } from '../persistence/campaign.repository';
import { MilestoneRepository } from '../persistence/milestone.repository';
import { CAMPAIGNS_CONFIG, type CampaignsConfig } from '../campaigns.config';

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
    private readonly campaigns: CampaignRepository,
    private readonly milestones: MilestoneRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CAMPAIGNS_CONFIG) private readonly config: CampaignsConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register('campaigns:go-live', () => this.goLive());
    this.jobs.register('campaigns:expire-milestones', () => this.expireMilestones());
  }

  /** One transaction per run: the job is its use case's boundary. */
  async goLive(): Promise<number> {
    return this.txHost.withTransaction(() => this.campaigns.goLive(this.clock.now()));
  }

  async expireMilestones(): Promise<number> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.config.MILESTONE_GRACE_DAYS * DAY_MS);
    return this.txHost.withTransaction(async () => {
      const due = await this.milestones.dueForExpiry(cutoff);
      for (const m of due) await this.milestones.expire(m, now);
      for (const campaignId of new Set(due.map((m) => m.campaignId))) await this.campaigns.completeIfSettled(campaignId, now);
      return due.length;
    });
  }
}
