import { Inject, Injectable } from '@nestjs/common';
import { TrancheReleased } from '@lib/contracts';
import { OutboxWriter } from '@lib/messaging';
import { Clock, CLOCK, DomainError, InjectTx, Tx } from '@lib/platform';
import { cents, centsOrNull, currencyCode, integer } from '@lib/platform/database/rows';
import { PayoutsErrorCode } from '../payouts.errors';

/** A row of payouts.tranches, mapped once. */
export interface Tranche {
  id: string;
  campaignId: string;
  promoterId: string;
  currency: string;
  kind: 'upfront' | 'milestone';
  status: string;
  /** null on the upfront tranche; a milestone tranche always has its rule. */
  paymentRule: 'binary' | 'proportional' | null;
  minAchievementPct: number | null;
  donorShare: number;
  dueDonor: number | null;
  payoutMethod: string | null;
}

function fromRow(r: Record<string, unknown>): Tranche {
  return {
    id: String(r.id),
    campaignId: String(r.campaign_id),
    promoterId: String(r.promoter_id),
    currency: currencyCode(r.currency, 'tranches.currency'),
    kind: r.kind as Tranche['kind'],
    status: String(r.status),
    paymentRule: r.payment_rule as Tranche['paymentRule'],
    minAchievementPct:
      r.min_achievement_pct === null || r.min_achievement_pct === undefined ? null : integer(r.min_achievement_pct, 'tranches.min_achievement_pct'),
    donorShare: cents(r.donor_share, 'tranches.donor_share'),
    dueDonor: centsOrNull(r.due_donor, 'tranches.due_donor'),
    payoutMethod: (r.payout_method as string | null) ?? null,
  };
}

/** One tranche: its row (locked for every change), its match shares, its release and payout. */
@Injectable()
export class TrancheRepository {
  constructor(
    @InjectTx('payouts') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The tranche under its row lock (held to the end of the transaction); null if there is none. */
  async findForUpdate(id: string): Promise<Tranche | null> {
    const [t] = await this.txHost.tx.query(`SELECT * FROM payouts.tranches WHERE id = $1 FOR UPDATE`, [id]);
    return t ? fromRow(t) : null;
  }

  /** The tranche under its row lock, or 404. */
  async getForUpdate(id: string): Promise<Tranche> {
    const t = await this.findForUpdate(id);
    if (!t) throw new DomainError(PayoutsErrorCode.TRANCHE_NOT_FOUND, 'not_found', `Tranche ${id} not found`);
    return t;
  }

  /** The milestone's tranche under its row lock; null while the plan is not made yet. */
  async findByMilestoneForUpdate(milestoneId: string): Promise<Tranche | null> {
    const [t] = await this.txHost.tx.query(`SELECT * FROM payouts.tranches WHERE milestone_id = $1 FOR UPDATE`, [milestoneId]);
    return t ? fromRow(t) : null;
  }

  async statusOf(id: string): Promise<{ id: string; status: string }> {
    const [t] = await this.txHost.tx.query(`SELECT id, status FROM payouts.tranches WHERE id = $1`, [id]);
    return t;
  }

  /** The status alone (after a payout attempt, outside its transactions). */
  async currentStatus(id: string): Promise<string> {
    const [t] = await this.txHost.tx.query(`SELECT status FROM payouts.tranches WHERE id = $1`, [id]);
    return t.status;
  }

  /** Each fund's share of the tranche, in fund order. */
  async matchShares(trancheId: string): Promise<{ fundId: string; amount: number }[]> {
    const rows: { fund_id: string; amount: string }[] = await this.txHost.tx.query(
      `SELECT fund_id, amount FROM payouts.tranche_match_shares WHERE tranche_id = $1 ORDER BY fund_id`,
      [trancheId],
    );
    return rows.map((s) => ({ fundId: s.fund_id, amount: cents(s.amount, 'tranche_match_shares.amount') }));
  }

  /** What each fund's share has due (an eligible tranche's: set at the plan or by the milestone's result), in fund order. */
  async matchDues(trancheId: string): Promise<{ fundId: string; due: number }[]> {
    const rows: { fund_id: string; due: string | null }[] = await this.txHost.tx.query(
      `SELECT fund_id, due FROM payouts.tranche_match_shares WHERE tranche_id = $1 ORDER BY fund_id`,
      [trancheId],
    );
    return rows.map((s) => ({ fundId: s.fund_id, due: centsOrNull(s.due, 'tranche_match_shares.due') ?? 0 }));
  }

  /** The donors' due plus every fund's due: what the promoter is paid. */
  async dueTotal(trancheId: string, dueDonor: number): Promise<number> {
    const [m] = await this.txHost.tx.query(`SELECT coalesce(sum(due), 0) AS due FROM payouts.tranche_match_shares WHERE tranche_id = $1`, [trancheId]);
    return dueDonor + cents(m.due, 'sum(tranche_match_shares.due)');
  }

  /** The funders whose funds hold a share of the tranche. */
  async fundersOf(trancheId: string): Promise<string[]> {
    const rows: { funder_id: string }[] = await this.txHost.tx.query(
      `SELECT DISTINCT f.funder_id FROM payouts.tranche_match_shares s JOIN payouts.fund_views f ON f.fund_id = s.fund_id WHERE s.tranche_id = $1 AND s.amount > 0`,
      [trancheId],
    );
    return rows.map((r) => r.funder_id);
  }

  async setShareDue(trancheId: string, fundId: string, due: number): Promise<void> {
    await this.txHost.tx.query(`UPDATE payouts.tranche_match_shares SET due = $3 WHERE tranche_id = $1 AND fund_id = $2`, [trancheId, fundId, due]);
  }

  /** The milestone's result decided the tranche: eligible for what is due, or forfeited. */
  async settle(trancheId: string, status: string, dueDonor: number, achievementBps: number): Promise<void> {
    await this.txHost.tx.query(`UPDATE payouts.tranches SET status = $2, due_donor = $3, achievement_bps = $4 WHERE id = $1`, [
      trancheId,
      status,
      dueDonor,
      achievementBps,
    ]);
  }

  /** Released (the transfer pending), with tranche.released for the other services. */
  async markReleased(t: Tranche, shares: { fundId: string; due: number }[]): Promise<void> {
    await this.txHost.tx.query(`UPDATE payouts.tranches SET status = 'released', released_at = $2 WHERE id = $1`, [t.id, this.clock.now()]);
    await this.outbox.append({
      contract: TrancheReleased,
      aggregateId: t.id,
      occurredAt: this.clock.now(),
      payload: {
        trancheId: t.id,
        campaignId: t.campaignId,
        donorAmount: t.dueDonor ?? 0,
        currency: t.currency,
        matchShares: shares.map((s) => ({ fundId: s.fundId, amount: s.due })),
      },
    });
  }

  async markPaid(trancheId: string, method: string, ref: string): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE payouts.tranches SET status = 'paid', paid_at = $2, payout_method = $3, payout_ref = $4, payout_error = NULL WHERE id = $1`,
      [trancheId, this.clock.now(), method, ref],
    );
  }

  async recordNoPayoutAccount(trancheId: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE payouts.tranches SET payout_error = 'the promoter has no payout account yet' WHERE id = $1`, [trancheId]);
  }

  /** Left to the funder's treasury: a bank payment with our reference, confirmed later. */
  async awaitBankPayment(trancheId: string, reference: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE payouts.tranches SET payout_method = 'external', payout_ref = $2, payout_error = NULL WHERE id = $1`, [
      trancheId,
      reference,
    ]);
  }

  async recordTransferFailure(trancheId: string, message: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE payouts.tranches SET payout_attempts = payout_attempts + 1, payout_error = $2 WHERE id = $1 AND status = 'released'`, [
      trancheId,
      message,
    ]);
  }

  /** Released tranches the provider has not paid yet (not awaiting a bank payment), oldest release first. */
  async dueForTransfer(): Promise<string[]> {
    const due: { id: string }[] = await this.txHost.tx.query(
      `SELECT id FROM payouts.tranches
        WHERE status = 'released' AND payout_method IS DISTINCT FROM 'external' AND payout_attempts < 20
        ORDER BY released_at LIMIT 50`,
    );
    return due.map((r) => r.id);
  }
}
