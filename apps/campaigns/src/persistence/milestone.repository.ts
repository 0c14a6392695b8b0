import { Injectable } from '@nestjs/common';
import { MilestoneExpired, MilestoneFailed, MilestoneVerified } from '@lib/contracts';
import { OutboxWriter } from '@lib/messaging';
import { InjectTx, NotFound, Tx } from '@lib/platform';
import { MilestoneEntity } from './milestone.entity';

export type MilestoneChanges = Partial<Pick<MilestoneEntity, 'status' | 'verifiedValue' | 'achievementBps' | 'settledAt'>>;

export interface NewEvidence {
  id: string;
  milestoneId: string;
  campaignId: string;
  reportedValue: number;
  description: string;
  documents: { url: string; sha256: string }[];
  submittedBy: string;
  submittedAt: Date;
}

export interface NewVerification {
  id: string;
  milestoneId: string;
  verifierId: string;
  verifiedValue: number;
  approved: boolean;
  notes: string;
  verifiedAt: Date;
}

/** A milestone due for expiry, locked (FOR UPDATE OF m SKIP LOCKED) until the transaction ends. */
export interface DueMilestone {
  id: string;
  campaignId: string;
  dueAt: Date;
}

/** Milestones of campaigns (campaigns.milestones) with their evidence and verifications. */
@Injectable()
export class MilestoneRepository {
  constructor(
    @InjectTx('campaigns') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
  ) {}

  private get repo() {
    return this.txHost.tx.getRepository(MilestoneEntity);
  }

  /** The campaign's milestone, or 404 (callers lock the campaign row first). */
  async get(campaignId: string, milestoneId: string): Promise<MilestoneEntity> {
    const milestone = await this.repo.findOneBy({ id: milestoneId, campaignId });
    if (!milestone) throw new NotFound('Milestone', milestoneId);
    return milestone;
  }

  /** The campaign's milestones in plan order. */
  listOf(campaignId: string): Promise<MilestoneEntity[]> {
    return this.repo.find({ where: { campaignId }, order: { position: 'ASC' } });
  }

  async update(id: string, changes: MilestoneChanges): Promise<void> {
    await this.repo.update({ id }, changes);
  }

  async addEvidence(e: NewEvidence): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO campaigns.milestone_evidence (id, milestone_id, campaign_id, reported_value, description, documents, submitted_by, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [e.id, e.milestoneId, e.campaignId, e.reportedValue, e.description, JSON.stringify(e.documents), e.submittedBy, e.submittedAt],
    );
  }

  /**
   * The verifier's verdict: the verification row, the milestone verified (with its achievement) or
   * failed, and milestone.verified / milestone.failed in the outbox — one write, so none goes without the others.
   */
  async recordVerdict(campaignId: string, v: NewVerification, achievementBps: number): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO campaigns.milestone_verifications (id, milestone_id, verifier_id, verified_value, approved, notes, verified_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [v.id, v.milestoneId, v.verifierId, v.verifiedValue, v.approved, v.notes, v.verifiedAt],
    );
    const status = v.approved ? 'verified' : 'failed';
    await this.update(v.milestoneId, { status, verifiedValue: v.verifiedValue, achievementBps, settledAt: v.verifiedAt });
    const fact = { campaignId, milestoneId: v.milestoneId, verifiedValue: v.verifiedValue, verifierId: v.verifierId };
    if (v.approved)
      await this.outbox.append({ contract: MilestoneVerified, aggregateId: campaignId, occurredAt: v.verifiedAt, payload: { ...fact, achievementBps } });
    else await this.outbox.append({ contract: MilestoneFailed, aggregateId: campaignId, occurredAt: v.verifiedAt, payload: { ...fact, notes: v.notes } });
  }

  /**
   * Milestones of campaigns in delivery, still without a verdict and due before the cutoff, oldest
   * first, at most 200; rows another job run holds are skipped, not waited for.
   */
  async dueForExpiry(cutoff: Date): Promise<DueMilestone[]> {
    const rows: { id: string; campaign_id: string; due_at: Date }[] = await this.txHost.tx.query(
      `SELECT m.id, m.campaign_id, m.due_at FROM campaigns.milestones m
         JOIN campaigns.campaigns c ON c.id = m.campaign_id
        WHERE c.status = 'in_delivery' AND m.status IN ('pending', 'evidence_submitted') AND m.due_at <= $1
        ORDER BY m.due_at LIMIT 200 FOR UPDATE OF m SKIP LOCKED`,
      [cutoff],
    );
    return rows.map((r) => ({ id: r.id, campaignId: r.campaign_id, dueAt: r.due_at }));
  }

  /** The milestone expires, and milestone.expired goes to the outbox in the same transaction. */
  async expire(m: DueMilestone, now: Date): Promise<void> {
    await this.txHost.tx.query(`UPDATE campaigns.milestones SET status = 'expired', settled_at = $2 WHERE id = $1`, [m.id, now]);
    await this.outbox.append({
      contract: MilestoneExpired,
      aggregateId: m.campaignId,
      occurredAt: now,
      payload: { campaignId: m.campaignId, milestoneId: m.id, dueAt: m.dueAt.toISOString() },
    });
  }
}
