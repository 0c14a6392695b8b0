import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectTx, Tx } from '@lib/platform';
import { cents, currencyCode } from '@lib/platform/database/rows';

export interface PendingWithdrawal {
  pledgeId: string;
  fundId: string;
  amount: number;
  currency: string;
}

/** What refunds after funding closed leave to do: each refunded pledge's withdrawn match per fund, and the open items of forced refunds. */
@Injectable()
export class RefundsAfterCloseRepository {
  constructor(@InjectTx('payouts') private readonly txHost: Tx) {}

  /** Once per pledge and fund (a redelivery changes nothing). */
  async recordMatchWithdrawal(w: { pledgeId: string; fundId: string; campaignId: string; amount: number; currency: string }): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO payouts.match_withdrawals (pledge_id, fund_id, campaign_id, amount, currency) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [w.pledgeId, w.fundId, w.campaignId, w.amount, w.currency],
    );
  }

  /** The campaign's withdrawals not applied yet, in arrival order, locked. */
  async lockPendingWithdrawals(campaignId: string): Promise<PendingWithdrawal[]> {
    const rows: { pledge_id: string; fund_id: string; amount: string; currency: string }[] = await this.txHost.tx.query(
      `SELECT pledge_id, fund_id, amount, currency FROM payouts.match_withdrawals WHERE campaign_id = $1 AND applied_at IS NULL ORDER BY created_at, pledge_id, fund_id FOR UPDATE`,
      [campaignId],
    );
    return rows.map((w) => ({
      pledgeId: w.pledge_id,
      fundId: w.fund_id,
      amount: cents(w.amount, 'match_withdrawals.amount'),
      currency: currencyCode(w.currency, 'match_withdrawals.currency'),
    }));
  }

  async markWithdrawalApplied(pledgeId: string, fundId: string, returned: number, at: Date): Promise<void> {
    await this.txHost.tx.query(`UPDATE payouts.match_withdrawals SET returned = $3, applied_at = $4 WHERE pledge_id = $1 AND fund_id = $2`, [
      pledgeId,
      fundId,
      returned,
      at,
    ]);
  }

  /** A refund the escrow could not cover (forced after a release): an open item an admin must resolve, once per pledge. */
  async openForcedRefundShortfall(p: { pledgeId: string; campaignId: string; amount: number; covered: number; currency: string }): Promise<void> {
    const shortfall = p.amount - p.covered;
    await this.txHost.tx.query(
      `INSERT INTO payouts.open_items (id, kind, campaign_id, pledge_id, amount, currency, detail) VALUES ($1, 'forced_refund_shortfall', $2, $3, $4, $5, $6)
         ON CONFLICT (kind, pledge_id) DO NOTHING`,
      [
        randomUUID(),
        p.campaignId,
        p.pledgeId,
        shortfall,
        p.currency,
        `pledge ${p.pledgeId} was refunded ${p.amount} but the escrow held only ${p.covered}: ${shortfall} was paid beyond it (already released to the promoter) and is owed back to the platform`,
      ],
    );
  }
}
