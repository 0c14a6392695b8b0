import { Injectable } from '@nestjs/common';
import { InjectTx, Tx } from '@lib/platform';

export interface EvidenceToVerify {
  campaignId: string;
  campaignTitle: string;
  area: string;
  milestoneId: string;
  milestoneTitle: string;
  indicator: string;
  unit: string;
  baseline: number;
  target: number;
  paymentRule: 'binary' | 'proportional';
  minAchievementPct: number | null;
  dueAt: Date;
  evidence: { reportedValue: number; description: string; documents: { url: string; sha256: string }[]; submittedAt: Date }[];
}

/** The verifiers' queue: milestones whose evidence awaits a verdict, with that evidence. */
@Injectable()
export class WorkspaceReadModel {
  constructor(@InjectTx('campaigns') private readonly txHost: Tx) {}

  /**
   * Oldest evidence first, at most 200, excluding the campaigns the verifier promotes, whose call it
   * owns, that a fund of its matches or that it backed (the same independence as the verdict).
   */
  async evidenceToVerify(verifierId: string): Promise<EvidenceToVerify[]> {
    const milestones: {
      id: string;
      campaign_id: string;
      campaign_title: string;
      area: string;
      title: string;
      indicator: string;
      unit: string;
      baseline: string;
      target: string;
      payment_rule: 'binary' | 'proportional';
      min_achievement_pct: number | null;
      due_at: Date;
    }[] = await this.txHost.tx.query(
      `SELECT m.id, m.campaign_id, c.title AS campaign_title, c.area, m.title, m.indicator, m.unit, m.baseline, m.target,
              m.payment_rule, m.min_achievement_pct, m.due_at
         FROM campaigns.milestones m JOIN campaigns.campaigns c ON c.id = m.campaign_id
        WHERE m.status = 'evidence_submitted' AND c.status = 'in_delivery'
          AND c.promoter_id <> $1
          AND NOT EXISTS (SELECT 1 FROM campaigns.calls k WHERE k.id = c.call_id AND k.owner_id = $1)
          AND NOT EXISTS (SELECT 1 FROM campaigns.campaign_closings cc, jsonb_array_elements(coalesce(cc.match_by_fund, '[]'::jsonb)) f
                           WHERE cc.campaign_id = c.id AND f->>'funderId' = $1)
          AND NOT EXISTS (SELECT 1 FROM campaigns.campaign_backers b WHERE b.campaign_id = c.id AND b.donor_id = $1)
        ORDER BY (SELECT min(e.submitted_at) FROM campaigns.milestone_evidence e WHERE e.milestone_id = m.id), m.id
        LIMIT 200`,
      [verifierId],
    );
    if (milestones.length === 0) return [];
    const evidence: { milestone_id: string; reported_value: string; description: string; documents: { url: string; sha256: string }[]; submitted_at: Date }[] =
      await this.txHost.tx.query(
        `SELECT milestone_id, reported_value, description, documents, submitted_at FROM campaigns.milestone_evidence
          WHERE milestone_id = ANY($1::uuid[]) ORDER BY submitted_at, id`,
        [milestones.map((m) => m.id)],
      );
    return milestones.map((m) => ({
      campaignId: m.campaign_id,
      campaignTitle: m.campaign_title,
      area: m.area,
      milestoneId: m.id,
      milestoneTitle: m.title,
      indicator: m.indicator,
      unit: m.unit,
      baseline: Number(m.baseline),
      target: Number(m.target),
      paymentRule: m.payment_rule,
      minAchievementPct: m.min_achievement_pct,
      dueAt: m.due_at,
      evidence: evidence
        .filter((e) => e.milestone_id === m.id)
        .map((e) => ({ reportedValue: Number(e.reported_value), description: e.description, documents: e.documents, submittedAt: e.submitted_at })),
    }));
  }
}
