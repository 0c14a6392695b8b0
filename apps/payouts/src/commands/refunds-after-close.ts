import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { FundsReturned } from '@lib/contracts';
import { accounts, postTransaction } from '@lib/ledger';
import { OutboxWriter } from '@lib/messaging';
import { Clock, CLOCK, InjectTx, returnedRows, Tx } from '@lib/platform';
import { takeFromUnreleased } from '../domain/tranches';
import { TrancheSettlement } from './tranche-settlement';

interface TrancheRow {
  id: string;
  status: string;
  donor_share: string;
  due_donor: string | null;
}

/** What a tranche still holds for refunds: all of it while planned, what is due once eligible, nothing after. */
const unreleasedDonor = (t: TrancheRow) => (t.status === 'planned' ? Number(t.donor_share) : t.status === 'eligible' ? Number(t.due_donor ?? 0) : 0);

/**
 * Refunds after funding closed (docs/money-rules.md, "Refunds after funding closed"), inside the
 * consumer's transaction: the donor's money leaves the campaign's escrow — before the tranche plan
 * it lowers the crowd the plan splits; after it, it comes out of the tranches not yet released —
 * and the pledge's own withdrawn match goes back to its funds from the unreleased match shares.
 * Never a negative escrow: what the escrow can no longer cover (a refund the provider forced after
 * a release) is booked to the campaign's forced-refunds loss account and raised as an open item.
 * The campaign's outcome row is the lock that serializes this with the plan.
 */
@Injectable()
export class RefundsAfterClose {
  constructor(
    @InjectTx('payouts') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly settlement: TrancheSettlement,
  ) {}

  /** Locks (creating if needed) the campaign's outcome row; returns whether its tranches are planned. */
  async lockOutcome(campaignId: string): Promise<boolean> {
    const tx = this.txHost.tx;
    await tx.query(`INSERT INTO payouts.campaign_outcomes (campaign_id) VALUES ($1) ON CONFLICT DO NOTHING`, [campaignId]);
    const [row] = await tx.query(`SELECT planned_at FROM payouts.campaign_outcomes WHERE campaign_id = $1 FOR UPDATE`, [campaignId]);
    return row.planned_at !== null;
  }

  async crowdRefunded(p: { pledgeId: string; campaignId: string; amount: number; currency: string }): Promise<void> {
    const tx = this.txHost.tx;
    const planned = await this.lockOutcome(p.campaignId);
    let covered = p.amount;
    let parts: number[] = [];
    let tranches: TrancheRow[] = [];
    if (planned) {
      tranches = await tx.query(`SELECT id, status, donor_share, due_donor FROM payouts.tranches WHERE campaign_id = $1 ORDER BY position FOR UPDATE`, [p.campaignId]);
      ({ covered, parts } = takeFromUnreleased(p.amount, tranches.map(unreleasedDonor)));
    }
    const now = this.clock.now();
    const posted = await postTransaction(tx, 'payouts', {
      reference: `pledge:${p.pledgeId}:refunded`, kind: 'pledge_refunded', campaignId: p.campaignId, occurredAt: now, metadata: { afterClose: true, covered },
      postings: [
        { source: accounts.crowdEscrow(p.campaignId), destination: accounts.donors, amount: covered, currency: p.currency },
        { source: accounts.forcedRefundLoss(p.campaignId), destination: accounts.donors, amount: p.amount - covered, currency: p.currency },
      ],
    });
    if (!posted) return; // booked already
    await tx.query(`UPDATE payouts.campaign_outcomes SET crowd_withdrawn = crowd_withdrawn + $2 WHERE campaign_id = $1`, [p.campaignId, covered]);
    for (const [i, t] of tranches.entries()) {
      if (parts[i] === 0) continue;
      await tx.query(
        `UPDATE payouts.tranches SET donor_share = donor_share - $2, due_donor = CASE WHEN status = 'eligible' THEN due_donor - $2 ELSE due_donor END WHERE id = $1`,
        [t.id, parts[i]],
      );
    }
    if (p.amount > covered) {
      await tx.query(
        `INSERT INTO payouts.open_items (id, kind, campaign_id, pledge_id, amount, currency, detail) VALUES ($1, 'forced_refund_shortfall', $2, $3, $4, $5, $6)
         ON CONFLICT (kind, pledge_id) DO NOTHING`,
        [randomUUID(), p.campaignId, p.pledgeId, p.amount - covered, p.currency,
          `pledge ${p.pledgeId} was refunded ${p.amount} but the escrow held only ${covered}: ${p.amount - covered} was paid beyond it (already released to the promoter) and is owed back to the platform`],
      );
    }
    await this.forfeitEmptied(p.campaignId);
  }

  /** Records a refunded pledge's withdrawn match; returns it from the unreleased shares once the tranches exist. */
  async matchWithdrawn(p: { pledgeId: string; campaignId: string; currency: string; byFund: { fundId: string; amount: number }[] }): Promise<void> {
    const tx = this.txHost.tx;
    const planned = await this.lockOutcome(p.campaignId);
    for (const f of p.byFund) {
      await tx.query(
        `INSERT INTO payouts.match_withdrawals (pledge_id, fund_id, campaign_id, amount, currency) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [p.pledgeId, f.fundId, p.campaignId, f.amount, p.currency],
      );
    }
    if (planned) await this.applyMatchWithdrawals(p.campaignId);
  }

  /**
   * Takes each pending withdrawn match out of its fund's unreleased match shares (largest remainder,
   * as for the crowd), books it escrow → fund and tells matching (funds.returned). What was already
   * released stays spent: the fund paid for a tranche that was delivered. Call under lockOutcome,
   * once the tranches exist (the plan calls it for withdrawals that came before it).
   */
  async applyMatchWithdrawals(campaignId: string): Promise<void> {
    const tx = this.txHost.tx;
    const pending: { pledge_id: string; fund_id: string; amount: string; currency: string }[] = await tx.query(
      `SELECT pledge_id, fund_id, amount, currency FROM payouts.match_withdrawals WHERE campaign_id = $1 AND applied_at IS NULL ORDER BY created_at, pledge_id, fund_id FOR UPDATE`,
      [campaignId],
    );
    const now = this.clock.now();
    for (const w of pending) {
      const shares: { tranche_id: string; status: string; amount: string; due: string | null }[] = await tx.query(
        `SELECT s.tranche_id, t.status, s.amount, s.due FROM payouts.tranche_match_shares s JOIN payouts.tranches t ON t.id = s.tranche_id
          WHERE t.campaign_id = $1 AND s.fund_id = $2 ORDER BY t.position FOR UPDATE OF s`,
        [campaignId, w.fund_id],
      );
      const held = shares.map((s) => (s.status === 'planned' ? Number(s.amount) : s.status === 'eligible' ? Number(s.due ?? 0) : 0));
      const { covered, parts } = takeFromUnreleased(Number(w.amount), held);
      const currency = w.currency.trim();
      for (const [i, s] of shares.entries()) {
        if (parts[i] === 0) continue;
        await tx.query(
          `UPDATE payouts.tranche_match_shares SET amount = amount - $3, due = CASE WHEN due IS NULL THEN NULL ELSE due - $3 END WHERE tranche_id = $1 AND fund_id = $2`,
          [s.tranche_id, w.fund_id, parts[i]],
        );
      }
      await tx.query(`UPDATE payouts.match_withdrawals SET returned = $3, applied_at = $4 WHERE pledge_id = $1 AND fund_id = $2`, [w.pledge_id, w.fund_id, covered, now]);
      if (covered === 0) continue;
      const posted = await postTransaction(tx, 'payouts', {
        reference: `pledge:${w.pledge_id}:match-withdrawn:${w.fund_id}`, kind: 'match_returned', campaignId, fundId: w.fund_id, occurredAt: now, metadata: { pledgeId: w.pledge_id, withdrawn: Number(w.amount) },
        postings: [{ source: accounts.matchEscrow(campaignId, w.fund_id), destination: accounts.fund(w.fund_id), amount: covered, currency }],
      });
      if (posted) {
        await this.outbox.append({
          contract: FundsReturned, aggregateId: w.fund_id, occurredAt: now,
          payload: { returnId: randomUUID(), fundId: w.fund_id, campaignId, amount: covered, currency, reason: `pledge ${w.pledge_id} refunded after funding closed: its match goes back` },
        });
      }
    }
    await this.forfeitEmptied(campaignId);
  }

  /** An eligible tranche that refunds emptied has nothing left to release: forfeited (which may settle the campaign's tranches). */
  private async forfeitEmptied(campaignId: string): Promise<void> {
    const forfeited: unknown[] = await this.txHost.tx.query(
      `UPDATE payouts.tranches t SET status = 'forfeited'
        WHERE t.campaign_id = $1 AND t.status = 'eligible' AND coalesce(t.due_donor, 0) = 0
          AND NOT EXISTS (SELECT 1 FROM payouts.tranche_match_shares s WHERE s.tranche_id = t.id AND coalesce(s.due, 0) > 0)
       RETURNING t.id`,
      [campaignId],
    );
    if (returnedRows(forfeited).length > 0) await this.settlement.reportIfSettled(campaignId);
  }
}
