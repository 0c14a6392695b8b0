import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Brackets } from 'typeorm';
import { Actor, hasRole, InjectTx, NotFound, Tx } from '@lib/platform';
import { ListCampaignsQueryDto } from '../http/campaigns.dto';
import { CallEntity } from '../persistence/call.entity';
import { CampaignEntity } from '../persistence/campaign.entity';
import type { CampaignStatus } from '../domain/campaign';

/** Statuses anyone may see; drafts and reviews are visible to their promoter, the call's funder and admins. */
export const PUBLIC_STATUSES: CampaignStatus[] = ['scheduled', 'live', 'succeeded', 'failed', 'cancelled', 'in_delivery', 'completed'];

export class GetCampaignQuery extends Query<CampaignView> {
  constructor(
    readonly id: string,
    readonly actor?: Actor,
  ) {
    super();
  }
}

export interface CampaignProgress {
  pledgedAmount: number;
  matchedAmount: number;
  backers: number;
  /** floor((pledged + matched) * 100 / goal); may exceed 100. */
  percent: number;
}

export type CampaignView = Omit<CampaignEntity, 'version' | 'confirmedPledges' | 'pledgedAmount' | 'matchedAmount' | 'backers'> & {
  progress: CampaignProgress;
};

/** The public shape of a campaign: its facts and its progress (crowd and match shown apart). */
export function toCampaignView(c: CampaignEntity): CampaignView {
  const { version: _v, confirmedPledges: _c, pledgedAmount, matchedAmount, backers, ...facts } = c;
  // Rounding rule: floor, so a campaign shows 100% only when the goal is really reached.
  const percent = Math.floor(((pledgedAmount ?? 0) + (matchedAmount ?? 0)) * 100 / c.goalAmount);
  return { ...facts, progress: { pledgedAmount: pledgedAmount ?? 0, matchedAmount: matchedAmount ?? 0, backers: backers ?? 0, percent } };
}

export interface CampaignPage {
  items: CampaignView[];
  page: number;
  pageSize: number;
  total: number;
}

export class ListCampaignsQuery extends Query<CampaignPage> {
  constructor(readonly filter: ListCampaignsQueryDto) {
    super();
  }
}

@QueryHandler(GetCampaignQuery)
export class GetCampaignHandler implements IQueryHandler<GetCampaignQuery> {
  constructor(@InjectTx('campaigns') private readonly txHost: Tx) {}

  async execute({ id, actor }: GetCampaignQuery): Promise<CampaignView> {
    const campaign = await this.txHost.tx.getRepository(CampaignEntity).findOne({
      where: { id },
      relations: { milestones: true },
      order: { milestones: { position: 'ASC' } },
    });
    if (!campaign) throw new NotFound('Campaign', id);
    if (!PUBLIC_STATUSES.includes(campaign.status) && !(await this.mayPreview(campaign, actor))) throw new NotFound('Campaign', id);
    return toCampaignView(campaign);
  }

  private async mayPreview(campaign: CampaignEntity, actor?: Actor): Promise<boolean> {
    if (!actor) return false;
    if (hasRole(actor, 'admin') || campaign.promoterId === actor.id) return true;
    if (!campaign.callId || !hasRole(actor, 'funder') || campaign.status === 'draft') return false;
    return this.txHost.tx.getRepository(CallEntity).existsBy({ id: campaign.callId, ownerId: actor.id });
  }
}

@QueryHandler(ListCampaignsQuery)
export class ListCampaignsHandler implements IQueryHandler<ListCampaignsQuery> {
  constructor(@InjectTx('campaigns') private readonly txHost: Tx) {}

  async execute({ filter }: ListCampaignsQuery): Promise<CampaignPage> {
    const page = filter.page ?? 1;
    const pageSize = filter.pageSize ?? 20;
    const statuses = filter.status ? PUBLIC_STATUSES.filter((s) => s === filter.status) : PUBLIC_STATUSES;
    if (statuses.length === 0) return { items: [], page, pageSize, total: 0 };
    const qb = this.txHost.tx.getRepository(CampaignEntity).createQueryBuilder('c');
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
    qb.addOrderBy('c.id', 'ASC').skip((page - 1) * pageSize).take(pageSize);
    const [items, total] = await qb.getManyAndCount();
    return { items: items.map(toCampaignView), page, pageSize, total };
  }
}

export class ListUpdatesQuery extends Query<{ id: string; title: string; body: string; createdAt: Date }[]> {
  constructor(
    readonly campaignId: string,
    readonly actor?: Actor,
  ) {
    super();
  }
}

@QueryHandler(ListUpdatesQuery)
export class ListUpdatesHandler implements IQueryHandler<ListUpdatesQuery> {
  constructor(
    @InjectTx('campaigns') private readonly txHost: Tx,
    private readonly campaigns: GetCampaignHandler,
  ) {}

  async execute({ campaignId, actor }: ListUpdatesQuery) {
    await this.campaigns.execute(new GetCampaignQuery(campaignId, actor)); // same visibility as the campaign
    const rows: { id: string; title: string; body: string; created_at: Date }[] = await this.txHost.tx.query(
      `SELECT id, title, body, created_at FROM campaigns.campaign_updates WHERE campaign_id = $1 ORDER BY created_at DESC, id LIMIT 100`,
      [campaignId],
    );
    return rows.map((r) => ({ id: r.id, title: r.title, body: r.body, createdAt: r.created_at }));
  }
}
