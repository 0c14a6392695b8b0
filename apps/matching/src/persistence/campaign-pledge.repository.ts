import { Injectable } from '@nestjs/common';
import { cents, InjectTx, integer, returnedRows, Tx } from '@lib/platform';

export interface ConfirmedPledge {
  pledgeId: string;
  campaignId: string;
  donorId: string;
  amount: number;
  confirmedAt: string;
}

/** The pledges of a round's window that count: confirmed in [start, end), at least the minimum contribution. */
export interface RoundWindow {
  roundStartsAt: string;
  roundEndsAt: string;
  minContributionAmount: number;
}

/** matching.campaign_pledges: the crowd money matching follows, as pledges' events told it. */
@Injectable()
export class CampaignPledgeRepository {
  constructor(@InjectTx('matching') private readonly txHost: Tx) {}

  /** Records a confirmed pledge once; returns whether it is new. */
  async recordConfirmed(p: ConfirmedPledge): Promise<boolean> {
    const recorded: unknown[] = await this.txHost.tx.query(
      `INSERT INTO matching.campaign_pledges (pledge_id, campaign_id, donor_id, amount, status, confirmed_at) VALUES ($1, $2, $3, $4, 'confirmed', $5)
       ON CONFLICT (pledge_id) DO NOTHING RETURNING pledge_id`,
      [p.pledgeId, p.campaignId, p.donorId, p.amount, p.confirmedAt],
    );
    return recorded.length > 0;
  }

  /** Confirmed → refunded; returns whether it changed (a second refund event changes nothing). */
  async markRefunded(pledgeId: string, countedAtClose: boolean): Promise<boolean> {
    const changed = returnedRows(
      await this.txHost.tx.query(
        `UPDATE matching.campaign_pledges SET status = 'refunded', refund_counted_at_close = $2 WHERE pledge_id = $1 AND status = 'confirmed' RETURNING pledge_id`,
        [pledgeId, countedAtClose],
      ),
    );
    return changed.length > 0;
  }

  async deferRefund(pledgeId: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE matching.campaign_pledges SET refund_deferred = true WHERE pledge_id = $1`, [pledgeId]);
  }

  /** The campaign's deferred refunds, cleared; their pledge ids in id order. */
  async takeDeferredRefunds(campaignId: string): Promise<string[]> {
    return returnedRows<{ pledge_id: string }>(
      await this.txHost.tx.query(
        `UPDATE matching.campaign_pledges SET refund_deferred = false WHERE campaign_id = $1 AND refund_deferred RETURNING pledge_id`,
        [campaignId],
      ),
    )
      .map((d) => d.pledge_id)
      .sort(); // in id order: the same events in the same order whatever the order they came in
  }

  /** Live totals (confirmed, not refunded) per backer of a campaign. */
  async backerTotals(campaignId: string): Promise<Map<string, number>> {
    const rows: { donor_id: string; total: unknown }[] = await this.txHost.tx.query(
      `SELECT donor_id, sum(amount) AS total FROM matching.campaign_pledges WHERE campaign_id = $1 AND status = 'confirmed' GROUP BY donor_id`,
      [campaignId],
    );
    return new Map(rows.map((r) => [r.donor_id, cents(r.total, 'campaign_pledges.total')]));
  }

  /** Per backer, what funding.closed counts: confirmed pledges and those refunded after the close. */
  async countedAtCloseTotals(campaignId: string): Promise<Map<string, number>> {
    const rows: { donor_id: string; total: unknown }[] = await this.txHost.tx.query(
      `SELECT donor_id, sum(amount) AS total FROM matching.campaign_pledges
        WHERE campaign_id = $1 AND (status = 'confirmed' OR refund_counted_at_close) GROUP BY donor_id`,
      [campaignId],
    );
    return new Map(rows.map((r) => [r.donor_id, cents(r.total, 'campaign_pledges.total')]));
  }

  /** How many distinct donors of the campaign a round's window counts. */
  async donorsInWindow(campaignId: string, w: RoundWindow): Promise<number> {
    const [counted] = await this.txHost.tx.query(
      `SELECT count(DISTINCT donor_id)::int AS donors FROM matching.campaign_pledges
        WHERE campaign_id = $1 AND status = 'confirmed' AND confirmed_at >= $2 AND confirmed_at < $3 AND amount >= $4`,
      [campaignId, w.roundStartsAt, w.roundEndsAt, w.minContributionAmount],
    );
    return integer(counted.donors, 'donors');
  }

  /** Per campaign and donor, the sum a round's window counts (campaigns among `campaignIds`). */
  async windowSums(w: RoundWindow, campaignIds: string[]): Promise<{ campaignId: string; donorId: string; total: number }[]> {
    const sums: { campaign_id: string; donor_id: string; total: unknown }[] = await this.txHost.tx.query(
      `SELECT campaign_id, donor_id, sum(amount) AS total FROM matching.campaign_pledges
        WHERE status = 'confirmed' AND confirmed_at >= $1 AND confirmed_at < $2 AND amount >= $3 AND campaign_id = ANY($4::uuid[])
        GROUP BY campaign_id, donor_id`,
      [w.roundStartsAt, w.roundEndsAt, w.minContributionAmount, campaignIds],
    );
    return sums.map((s) => ({ campaignId: s.campaign_id, donorId: s.donor_id, total: cents(s.total, 'campaign_pledges.total') }));
  }

  /** Per campaign, how many pledges confirmed before `cutoff` matching holds (any status: a refunded one was received all the same). */
  async receivedBefore(campaignIds: string[], cutoff: Date): Promise<Map<string, number>> {
    const received: { campaign_id: string; n: unknown }[] = await this.txHost.tx.query(
      `SELECT campaign_id, count(*)::int AS n FROM matching.campaign_pledges WHERE campaign_id = ANY($1::uuid[]) AND confirmed_at < $2 GROUP BY campaign_id`,
      [campaignIds, cutoff],
    );
    return new Map(received.map((r) => [r.campaign_id, integer(r.n, 'n')]));
  }
}
