import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { CampaignCancelled } from '@lib/contracts';
import { OutboxWriter } from '@lib/messaging';
import { InjectTx, NotFound, returnedRows, Tx } from '@lib/platform';
import { CampaignStatus, isPublished } from '../domain/campaign';
import { statusAfterClose } from '../domain/closing';
import type { CallEntity } from './call.entity';
import { campaignFailed, campaignPublished, campaignSucceeded, ClosingDecision } from './campaign-events';
import { CampaignEntity } from './campaign.entity';
import type { MilestoneEntity } from './milestone.entity';

/** A campaign as created, with its milestones (the insert cascades to campaigns.milestones). */
export type NewCampaign = Omit<
  CampaignEntity,
  'milestones' | 'pledgedAmount' | 'matchedAmount' | 'backers' | 'confirmedPledges' | 'statusReason' | 'closedAt' | 'version' | 'createdAt' | 'updatedAt'
> & {
  milestones: Omit<MilestoneEntity, 'campaign' | 'verifiedValue' | 'achievementBps' | 'settledAt'>[];
};

export type CampaignChanges = Partial<Pick<CampaignEntity, 'status' | 'statusReason' | 'closedAt' | 'matchedAmount'>>;

/**
 * The campaign aggregate's rows (campaigns.campaigns): load with or without the row lock, create,
 * change status, and the time- and event-driven transitions that are one statement each.
 */
@Injectable()
export class CampaignRepository {
  constructor(
    @InjectTx('campaigns') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
  ) {}

  private get repo() {
    return this.txHost.tx.getRepository(CampaignEntity);
  }

  /** The campaign under its row lock (two writers serialize here), or 404. */
  async getForUpdate(id: string): Promise<CampaignEntity> {
    const campaign = await this.findForUpdate(id);
    if (!campaign) throw new NotFound('Campaign', id);
    return campaign;
  }

  /** The campaign under its row lock, or null (an event about a campaign that is not ours). */
  findForUpdate(id: string): Promise<CampaignEntity | null> {
    return this.repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The campaign without a lock, or 404. */
  async get(id: string): Promise<CampaignEntity> {
    const campaign = await this.repo.findOneBy({ id });
    if (!campaign) throw new NotFound('Campaign', id);
    return campaign;
  }

  create(campaign: NewCampaign): Promise<CampaignEntity> {
    return this.repo.save(this.repo.create(campaign));
  }

  async update(id: string, changes: CampaignChanges): Promise<void> {
    await this.repo.update({ id }, changes);
  }

  /** Approved (campaign.status already scheduled or live): stored, and campaign.published goes to the outbox with it. */
  async publish(campaign: CampaignEntity, call: CallEntity | null, now: Date): Promise<void> {
    await this.update(campaign.id, { status: campaign.status, statusReason: null });
    await this.outbox.append(campaignPublished(campaign, call, now));
  }

  /**
   * Cancelled (the handler checked the domain allows it); a published campaign's cancellation goes
   * to the outbox with it, so pledges refunds whatever it holds. `campaign` is as loaded, before the cancellation.
   */
  async cancel(campaign: CampaignEntity, reason: string, now: Date): Promise<void> {
    await this.update(campaign.id, { status: 'cancelled', statusReason: reason, closedAt: now });
    if (isPublished(campaign.status))
      await this.outbox.append({ contract: CampaignCancelled, aggregateId: campaign.id, payload: { campaignId: campaign.id, reason } });
  }

  /** The closing decision: status, reason, close time and final match, with campaign.succeeded or campaign.failed. */
  async close(campaign: CampaignEntity, decision: ClosingDecision, milestones: MilestoneEntity[], now: Date): Promise<void> {
    const status = statusAfterClose(decision.outcome, milestones.length);
    await this.update(campaign.id, { status, statusReason: decision.reason, closedAt: now, matchedAmount: decision.matchAmount });
    if (decision.outcome === 'failed') await this.outbox.append(campaignFailed(campaign, decision, now));
    else await this.outbox.append(campaignSucceeded(campaign, decision, milestones, now));
  }

  /** How many campaigns of the call are in one of these statuses (the call's maxCampaigns). */
  countInCall(callId: string, statuses: CampaignStatus[]): Promise<number> {
    return this.repo.countBy({ callId, status: In(statuses) });
  }

  /** Scheduled campaigns whose start has come go live; returns how many. */
  async goLive(now: Date): Promise<number> {
    const rows: unknown[] = await this.txHost.tx.query(
      `UPDATE campaigns.campaigns SET status = 'live', updated_at = $1 WHERE status = 'scheduled' AND starts_at <= $1 RETURNING id`,
      [now],
    );
    return returnedRows(rows).length;
  }

  /** Payouts reported every tranche paid or forfeited (the first report's time is kept). */
  async markTranchesSettled(id: string, now: Date): Promise<void> {
    await this.txHost.tx.query(`UPDATE campaigns.campaigns SET tranches_settled_at = coalesce(tranches_settled_at, $2) WHERE id = $1`, [id, now]);
  }

  /**
   * A campaign in delivery is completed when every milestone is verified, failed or expired AND
   * payouts reported every tranche paid or forfeited (tranches.settled): a tranche still eligible,
   * or released but not yet paid, keeps the campaign in delivery (issue 17 #18). One statement, so
   * the check and the change cannot be split by a concurrent writer.
   */
  async completeIfSettled(campaignId: string, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(
      `UPDATE campaigns.campaigns SET status = 'completed', status_reason = 'every milestone settled; every tranche paid or forfeited', updated_at = $2
        WHERE id = $1 AND status = 'in_delivery' AND tranches_settled_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM campaigns.milestones m
                           WHERE m.campaign_id = $1 AND m.status NOT IN ('verified', 'failed', 'expired'))
        RETURNING id`,
      [campaignId, now],
    );
    return returnedRows(rows).length > 0;
  }

  /** A promoter's news item to the backers (campaigns.campaign_updates). */
  async addUpdate(update: { id: string; campaignId: string; authorId: string; title: string; body: string; createdAt: Date }): Promise<void> {
    await this.txHost.tx.query(`INSERT INTO campaigns.campaign_updates (id, campaign_id, author_id, title, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      update.id,
      update.campaignId,
      update.authorId,
      update.title,
      update.body,
      update.createdAt,
    ]);
  }
}
