import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Brackets } from 'typeorm';
import { Actor, hasRole, InjectTx, NotFound, Tx } from '@lib/platform';
import { ListCampaignsQueryDto } from '../http/campaigns.dto';
import { CallEntity } from '../persistence/call.entity';
import { CampaignEntity } from '../persistence/campaign.entity';
import type { CampaignStatus } from '../domain/campaign';

/** Statuses anyone may see; drafts and reviews are visible to their promoter, the call's funder and admins. */
export const PUBLIC_STATUSES: CampaignStatus[] = ['scheduled', 'live', 'succeeded', 'failed', 'in_delivery', 'completed'];

export class GetCampaignQuery extends Query<CampaignEntity> {
  constructor(
    readonly id: string,
    readonly actor?: Actor,
  ) {
    super();
  }
}

export interface CampaignPage {
  items: CampaignEntity[];
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

  async execute({ id, actor }: GetCampaignQuery): Promise<CampaignEntity> {
    const campaign = await this.txHost.tx.getRepository(CampaignEntity).findOne({
      where: { id },
      relations: { milestones: true },
      order: { milestones: { position: 'ASC' } },
    });
    if (!campaign) throw new NotFound('Campaign', id);
    if (!PUBLIC_STATUSES.includes(campaign.status) && !(await this.mayPreview(campaign, actor))) throw new NotFound('Campaign', id);
    return campaign;
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
    qb.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'ASC').skip((page - 1) * pageSize).take(pageSize);
    const [items, total] = await qb.getManyAndCount();
    return { items, page, pageSize, total };
  }
}
