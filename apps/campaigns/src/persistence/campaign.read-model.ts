import { Injectable } from '@nestjs/common';
import { Brackets, In, Not } from 'typeorm';
import { InjectTx, Tx } from '@lib/platform';
import type { CampaignStatus } from '../domain/campaign';
import { CampaignEntity } from './campaign.entity';

/** The filters of the public campaign list. */
export interface CampaignFilter {
  status?: CampaignStatus;
  area?: string;
  category?: string;
  callId?: string;
  q?: string;
  sort?: 'newest' | 'ending_soon' | 'most_backed';
}

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

  /** One page of the campaigns in these statuses that match the filter, and how many match in all. */
  page(statuses: CampaignStatus[], filter: CampaignFilter, page: number, pageSize: number): Promise<[CampaignEntity[], number]> {
    const qb = this.repo.createQueryBuilder('c');
    qb.where('c.status IN (:...statuses)', { statuses });
    if (filter.area) qb.andWhere('c.area = :area', { area: filter.area });
    if (filter.category) qb.andWhere('c.category = :category', { category: filter.category });
    if (filter.callId) qb.andWhere('c.call_id = :callId', { callId: filter.callId });
    if (filter.q) {
      const like = `%${filter.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      qb.andWhere(new Brackets((w) => w.where('c.title ILIKE :like', { like }).orWhere('c.summary ILIKE :like', { like })));
    }
    if (filter.sort === 'ending_soon') qb.orderBy('c.ends_at', 'ASC');
    else if (filter.sort === 'most_backed') qb.orderBy('c.backers', 'DESC').addOrderBy('c.pledged_amount', 'DESC');
    else qb.orderBy('c.created_at', 'DESC');
    qb.addOrderBy('c.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize);
    return qb.getManyAndCount();
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
