import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { InjectTx, NotFound, Tx } from '@lib/platform';

export interface Backer {
  amount: number;
  currency: string;
  displayName: string | null;
  message: string | null;
  confirmedAt: string;
}

export interface BackersPage {
  campaignId: string;
  items: Backer[];
  total: number;
}

export class ListCampaignBackersQuery extends Query<BackersPage> {
  constructor(
    readonly campaignId: string,
    readonly limit: number,
  ) {
    super();
  }
}

/** Public backers list: confirmed pledges only; never a donor id or email; no name when anonymous. */
@QueryHandler(ListCampaignBackersQuery)
export class ListCampaignBackersHandler implements IQueryHandler<ListCampaignBackersQuery> {
  constructor(@InjectTx('pledges') private readonly txHost: Tx) {}

  async execute({ campaignId, limit }: ListCampaignBackersQuery): Promise<BackersPage> {
    const known = await this.txHost.tx.query(`SELECT 1 FROM pledges.campaign_views WHERE campaign_id = $1`, [campaignId]);
    if (known.length === 0) throw new NotFound('Campaign', campaignId);
    const rows: { amount_minor: string; currency: string; display_name: string | null; anonymous: boolean; message: string | null; confirmed_at: Date; total: string }[] =
      await this.txHost.tx.query(
        `SELECT amount_minor, currency, display_name, anonymous, message, confirmed_at, count(*) OVER () AS total
           FROM pledges.pledges WHERE campaign_id = $1 AND status = 'confirmed'
          ORDER BY confirmed_at DESC, id LIMIT $2`,
        [campaignId, limit],
      );
    return {
      campaignId,
      total: rows.length ? Number(rows[0].total) : 0,
      items: rows.map((r) => ({
        amount: Number(r.amount_minor),
        currency: r.currency,
        displayName: r.anonymous ? null : r.display_name,
        message: r.message,
        confirmedAt: r.confirmed_at.toISOString(),
      })),
    };
  }
}
