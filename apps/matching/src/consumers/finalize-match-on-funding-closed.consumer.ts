import { Inject, Injectable } from '@nestjs/common';
import { EventEnvelope, FundingClosed, FundingClosedV1, MatchFinalized } from '@lib/contracts';
import { EventConsumer, EventHandler, OutboxWriter } from '@lib/messaging';
import { Clock, CLOCK, InjectTx, Tx } from '@lib/platform';

/**
 * Closing saga, matching's step: when funding closes, state once what the reserved matches add
 * to the campaign, per fund (in fund creation order), so campaigns can decide success.
 */
@Injectable()
@EventConsumer({ service: 'matching', events: [FundingClosed] })
export class FinalizeMatchOnFundingClosed implements EventHandler {
  constructor(
    @InjectTx('matching') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle({ payload }: EventEnvelope<FundingClosedV1>): Promise<void> {
    const tx = this.txHost.tx;
    const byFund: { fund_id: string; owner_id: string; source_tags: string[]; amount: string }[] = await tx.query(
      `SELECT a.fund_id, f.owner_id, f.source_tags, sum(a.amount) AS amount
         FROM matching.match_allocations a JOIN matching.funds f ON f.id = a.fund_id
        WHERE a.campaign_id = $1 AND a.status = 'reserved'
        GROUP BY a.fund_id, f.owner_id, f.source_tags, f.created_at ORDER BY f.created_at, a.fund_id`,
      [payload.campaignId],
    );
    const funds = byFund.map((f) => ({ fundId: f.fund_id, funderId: f.owner_id, amount: Number(f.amount), sourceTags: f.source_tags }));
    const matchAmount = funds.reduce((sum, f) => sum + f.amount, 0);
    const claimed: unknown[] = await tx.query(
      `INSERT INTO matching.campaign_finalizations (campaign_id, match_amount, finalized_at) VALUES ($1, $2, $3)
       ON CONFLICT (campaign_id) DO NOTHING RETURNING campaign_id`,
      [payload.campaignId, matchAmount, this.clock.now()],
    );
    if (claimed.length === 0) return; // already finalized (a second funding.closed for the campaign)
    await this.outbox.append({
      contract: MatchFinalized,
      aggregateId: payload.campaignId,
      payload: { campaignId: payload.campaignId, currency: payload.currency, matchAmount, byFund: funds },
    });
  }
}
