import { Injectable } from '@nestjs/common';
import { InjectTx, returnedRows, Tx } from '@lib/platform';
import { cents, centsOrNull } from '@lib/platform/database/rows';

export interface NewTranche {
  id: string;
  campaignId: string;
  promoterId: string;
  currency: string;
  position: number;
  kind: 'upfront' | 'milestone';
  milestoneId: string | null;
  sharePct: number;
  paymentRule: string | null;
  minAchievementPct: number | null;
  donorShare: number;
  dueDonor: number | null;
  status: string;
  matchShares: { fundId: string; amount: number; due: number | null }[];
}

/** A campaign's tranches together: the plan, and what refunds after the close take out of the tranches not released yet. */
@Injectable()
export class TranchePlanRepository {
  constructor(@InjectTx('payouts') private readonly txHost: Tx) {}

  async insert(t: NewTranche): Promise<void> {
    const tx = this.txHost.tx;
    await tx.query(
      `INSERT INTO payouts.tranches (id, campaign_id, promoter_id, currency, position, kind, milestone_id, share_pct, payment_rule, min_achievement_pct, donor_share, due_donor, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        t.id,
        t.campaignId,
        t.promoterId,
        t.currency,
        t.position,
        t.kind,
        t.milestoneId,
        t.sharePct,
        t.paymentRule,
        t.minAchievementPct,
        t.donorShare,
        t.dueDonor,
        t.status,
      ],
    );
    for (const share of t.matchShares) {
      await tx.query(`INSERT INTO payouts.tranche_match_shares (tranche_id, fund_id, amount, due) VALUES ($1, $2, $3, $4)`, [
        t.id,
        share.fundId,
        share.amount,
        share.due,
      ]);
    }
  }

  /** The campaign's tranches in plan order, locked: the donors' share each holds. */
  async lockDonorShares(campaignId: string): Promise<{ id: string; status: string; donorShare: number; dueDonor: number | null }[]> {
    const rows: { id: string; status: string; donor_share: string; due_donor: string | null }[] = await this.txHost.tx.query(
      `SELECT id, status, donor_share, due_donor FROM payouts.tranches WHERE campaign_id = $1 ORDER BY position FOR UPDATE`,
      [campaignId],
    );
    return rows.map((t) => ({
      id: t.id,
      status: t.status,
      donorShare: cents(t.donor_share, 'tranches.donor_share'),
      dueDonor: centsOrNull(t.due_donor, 'tranches.due_donor'),
    }));
  }

  /** A refund's part out of a tranche's donors' share (and out of what is due, once eligible). */
  async takeFromDonorShare(trancheId: string, part: number): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE payouts.tranches SET donor_share = donor_share - $2, due_donor = CASE WHEN status = 'eligible' THEN due_donor - $2 ELSE due_donor END WHERE id = $1`,
      [trancheId, part],
    );
  }

  /** One fund's shares in the campaign's tranches, in plan order, locked. */
  async lockFundShares(campaignId: string, fundId: string): Promise<{ trancheId: string; status: string; amount: number; due: number | null }[]> {
    const rows: { tranche_id: string; status: string; amount: string; due: string | null }[] = await this.txHost.tx.query(
      `SELECT s.tranche_id, t.status, s.amount, s.due FROM payouts.tranche_match_shares s JOIN payouts.tranches t ON t.id = s.tranche_id
          WHERE t.campaign_id = $1 AND s.fund_id = $2 ORDER BY t.position FOR UPDATE OF s`,
      [campaignId, fundId],
    );
    return rows.map((s) => ({
      trancheId: s.tranche_id,
      status: s.status,
      amount: cents(s.amount, 'tranche_match_shares.amount'),
      due: centsOrNull(s.due, 'tranche_match_shares.due'),
    }));
  }

  async takeFromFundShare(trancheId: string, fundId: string, part: number): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE payouts.tranche_match_shares SET amount = amount - $3, due = CASE WHEN due IS NULL THEN NULL ELSE due - $3 END WHERE tranche_id = $1 AND fund_id = $2`,
      [trancheId, fundId, part],
    );
  }

  /** An eligible tranche that refunds emptied has nothing left to release: forfeited. Returns how many. */
  async forfeitEmptied(campaignId: string): Promise<number> {
    const forfeited: unknown[] = await this.txHost.tx.query(
      `UPDATE payouts.tranches t SET status = 'forfeited'
        WHERE t.campaign_id = $1 AND t.status = 'eligible' AND coalesce(t.due_donor, 0) = 0
          AND NOT EXISTS (SELECT 1 FROM payouts.tranche_match_shares s WHERE s.tranche_id = t.id AND coalesce(s.due, 0) > 0)
       RETURNING t.id`,
      [campaignId],
    );
    return returnedRows(forfeited).length;
  }
}
