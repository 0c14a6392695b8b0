import { Injectable } from '@nestjs/common';
import { InjectTx, returnedRows, Tx } from '@lib/platform';

/**
 * A campaign in delivery is completed when every milestone is verified, failed or expired AND
 * payouts reported every tranche paid or forfeited (tranches.settled): a tranche still eligible,
 * or released but not yet paid, keeps the campaign in delivery (issue 17 #18).
 */
@Injectable()
export class CompleteWhenSettled {
  constructor(@InjectTx('campaigns') private readonly txHost: Tx) {}

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
}
