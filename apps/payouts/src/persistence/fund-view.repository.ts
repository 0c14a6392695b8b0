import { Injectable } from '@nestjs/common';
import { MatchFinalizedV1 } from '@lib/contracts';
import { InjectTx, Tx } from '@lib/platform';

/** payouts.fund_views: each fund's funder (who may release) and its sources (the public-money report), from match.finalized. */
@Injectable()
export class FundViewRepository {
  constructor(@InjectTx('payouts') private readonly txHost: Tx) {}

  async upsertFinalized(byFund: MatchFinalizedV1['byFund']): Promise<void> {
    for (const f of byFund) {
      await this.txHost.tx.query(
        // the shares were validated with the event (match.finalized v1 contract: sum 10000, unique);
        // an event without them (older producer) never erases shares a newer one delivered
        `INSERT INTO payouts.fund_views (fund_id, funder_id, source_tags, source_shares) VALUES ($1, $2, $3, $4::jsonb)
           ON CONFLICT (fund_id) DO UPDATE SET source_tags = EXCLUDED.source_tags, source_shares = coalesce(EXCLUDED.source_shares, payouts.fund_views.source_shares)`,
        [
          f.fundId,
          f.funderId,
          f.sourceTags ?? [],
          f.sourceShares ? JSON.stringify(f.sourceShares.map((s) => ({ source: s.source, shareBps: s.shareBps }))) : null,
        ],
      );
    }
  }
}
