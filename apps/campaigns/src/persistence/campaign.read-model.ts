import { Injectable } from '@nestjs/common';
import { Brackets, In, Not } from 'typeorm';
import { InjectTx, Tx } from '@lib/platform';
import type { CampaignStatus } from '../domain/campaign';
import { CampaignEntity } from './campaign.entity';

export const CAMPAIGN_SORTS = ['newest', 'ending_soon', 'most_backed'] as const;
export type CampaignSort = (typeof CAMPAIGN_SORTS)[number];

/** The filters of the public campaign list. */
export interface CampaignFilter {
  status?: CampaignStatus;
  area?: string;
  category?: string;
  callId?: string;
  q?: string;
  sort?: CampaignSort;
}

/** Where a keyset page starts: after the row with this sort key (as text, exact to the microsecond) and id. */
export interface CampaignKeyset {
  keys: string[];
  id: string;
}

/** Which slice of the list: after a keyset, or (the page-number clients) an offset. */
export interface CampaignSlice {
  after?: CampaignKeyset;
  offset?: number;
  limit: number;
}

const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Per sort: the ORDER BY (always ending in id ASC, so the order is total), the sort key as text for
 * the cursor, and the "after the cursor" condition, with a plain bound on the first column the
 * index (migration CampaignListIndexes) can start from.
 */
const SORTS: Record<CampaignSort, { order: [string, 'ASC' | 'DESC'][]; keys: string[]; after: string }> = {
  newest: {
    order: [['c.created_at', 'DESC']],
    keys: [utc('c.created_at')],
    after: `c.created_at <= CAST(:k0 AS timestamptz) AND (c.created_at < CAST(:k0 AS timestamptz) OR c.id > :id)`,
  },
  ending_soon: {
    order: [['c.ends_at', 'ASC']],
    keys: [utc('c.ends_at')],
    after: `c.ends_at >= CAST(:k0 AS timestamptz) AND (c.ends_at > CAST(:k0 AS timestamptz) OR c.id > :id)`,
  },
  most_backed: {
    order: [
      ['c.backers', 'DESC'],
      ['c.pledged_amount', 'DESC'],
    ],
    keys: ['c.backers::text', 'c.pledged_amount::text'],
    after:
      `c.backers <= CAST(:k0 AS bigint) AND (c.backers < CAST(:k0 AS bigint) OR c.pledged_amount < CAST(:k1 AS bigint)` +
      ` OR (c.pledged_amount = CAST(:k1 AS bigint) AND c.id > :id))`,
  },
};

/** Read side of campaigns: pages, lists and updates, each campaign with its milestones in plan order. */
@Injectable()
export class CampaignReadModel {
  constructor(@InjectTx('campaigns') private readonly txHost: Tx) {}

  private get repo() {
    return this.txHost.tx.getRepository(CampaignEntity);
  }

  findWithMilestones(id: string): Promise<CampaignEntity | null> {
    return this.repo.findOne({ where: { id }, relations: { milestones: true }, order: { milestones: { position: 'ASC' } } });
  }

  /** A slice of the campaigns in these statuses that match the filter, in the sort's order, each row with its sort key. */
  async list(statuses: CampaignStatus[], filter: CampaignFilter, slice: CampaignSlice): Promise<{ campaign: CampaignEntity; keys: string[] }[]> {
    const sort = SORTS[filter.sort ?? 'newest'];
    const qb = this.filtered(statuses, filter);
    sort.keys.forEach((key, i) => qb.addSelect(key, `cursor_k${i}`));
    if (slice.after) {
      const params = Object.fromEntries(slice.after.keys.map((k, i) => [`k${i}`, k]));
      qb.andWhere(sort.after, { ...params, id: slice.after.id });
    }
    sort.order.forEach(([column, direction], i) => (i === 0 ? qb.orderBy(column, direction) : qb.addOrderBy(column, direction)));
    qb.addOrderBy('c.id', 'ASC')
      .offset(slice.offset ?? 0)
      .limit(slice.limit);
    const { entities, raw } = await qb.getRawAndEntities<Record<string, string>>();
    return entities.map((campaign, row) => ({ campaign, keys: sort.keys.map((_, i) => raw[row][`cursor_k${i}`]) }));
  }

  /** How many campaigns in these statuses match the filter. */
  count(statuses: CampaignStatus[], filter: CampaignFilter): Promise<number> {
    return this.filtered(statuses, filter).getCount();
  }

  private filtered(statuses: CampaignStatus[], filter: CampaignFilter) {
    const qb = this.repo.createQueryBuilder('c');
    qb.where('c.status IN (:...statuses)', { statuses });
    if (filter.area) qb.andWhere('c.area = :area', { area: filter.area });
    if (filter.category) qb.andWhere('c.category = :category', { category: filter.category });
    if (filter.callId) qb.andWhere('c.call_id = :callId', { callId: filter.callId });
    if (filter.q) {
      const like = `%${filter.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      qb.andWhere(new Brackets((w) => w.where('c.title ILIKE :like', { like }).orWhere('c.summary ILIKE :like', { like })));
    }
    return qb;
  }

  /** A promoter's own campaigns in every status, newest first, at most 200. */
  ofPromoter(promoterId: string): Promise<CampaignEntity[]> {
    return this.repo.find({
      where: { promoterId },
      relations: { milestones: true },
      order: { createdAt: 'DESC', id: 'ASC', milestones: { position: 'ASC' } },
      take: 200,
    });
  }

  /** Every campaign submitted to a call (drafts stay the promoter's business), newest first, at most 500. */
  ofCall(callId: string): Promise<CampaignEntity[]> {
    return this.repo.find({
      where: { callId, status: Not(In(['draft'])) },
      relations: { milestones: true },
      order: { createdAt: 'DESC', id: 'ASC', milestones: { position: 'ASC' } },
      take: 500,
    });
  }

  /** The campaign's news items, newest first, at most 100. */
  async updates(campaignId: string): Promise<{ id: string; title: string; body: string; createdAt: Date }[]> {
    const rows: { id: string; title: string; body: string; created_at: Date }[] = await this.txHost.tx.query(
      `SELECT id, title, body, created_at FROM campaigns.campaign_updates WHERE campaign_id = $1 ORDER BY created_at DESC, id LIMIT 100`,
      [campaignId],
    );
    return rows.map((r) => ({ id: r.id, title: r.title, body: r.body, createdAt: r.created_at }));
  }
}
