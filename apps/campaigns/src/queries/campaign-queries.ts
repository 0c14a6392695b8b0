import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor, hasRole, NotFound } from '@lib/platform';
import { CallRepository } from '../persistence/call.repository';
import { CampaignEntity } from '../persistence/campaign.entity';
import { CampaignFilter, CampaignReadModel } from '../persistence/campaign.read-model';
import type { CampaignStatus } from '../domain/campaign';
import { CampaignCursorInvalid } from '../campaigns.errors';
import { decodeCampaignCursor, encodeCampaignCursor } from './campaign-cursor';

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
  const percent = Math.floor((((pledgedAmount ?? 0) + (matchedAmount ?? 0)) * 100) / c.goalAmount);
  return { ...facts, progress: { pledgedAmount: pledgedAmount ?? 0, matchedAmount: matchedAmount ?? 0, backers: backers ?? 0, percent } };
}

export interface CampaignPage {
  items: CampaignView[];
  /** The page number asked for (page paging), null when the page was asked by cursor. */
  page: number | null;
  pageSize: number;
  /** How many campaigns match in all: counted for page paging (the default) or when asked (includeTotal); else null. */
  total: number | null;
  /** Pass it as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface CampaignPaging {
  page?: number;
  pageSize?: number;
  cursor?: string;
  includeTotal?: boolean;
}

export class ListCampaignsQuery extends Query<CampaignPage> {
  constructor(readonly filter: CampaignFilter & CampaignPaging) {
    super();
  }
}

@QueryHandler(GetCampaignQuery)
export class GetCampaignHandler implements IQueryHandler<GetCampaignQuery> {
  constructor(
    private readonly campaigns: CampaignReadModel,
    private readonly calls: CallRepository,
  ) {}

  async execute({ id, actor }: GetCampaignQuery): Promise<CampaignView> {
    const campaign = await this.campaigns.findWithMilestones(id);
    if (!campaign) throw new NotFound('Campaign', id);
    if (!PUBLIC_STATUSES.includes(campaign.status) && !(await this.mayPreview(campaign, actor))) throw new NotFound('Campaign', id);
    return toCampaignView(campaign);
  }

  private async mayPreview(campaign: CampaignEntity, actor?: Actor): Promise<boolean> {
    if (!actor) return false;
    if (hasRole(actor, 'admin') || campaign.promoterId === actor.id) return true;
    if (!campaign.callId || !hasRole(actor, 'funder') || campaign.status === 'draft') return false;
    return this.calls.isOwnedBy(campaign.callId, actor.id);
  }
}

@QueryHandler(ListCampaignsQuery)
export class ListCampaignsHandler implements IQueryHandler<ListCampaignsQuery> {
  constructor(private readonly campaigns: CampaignReadModel) {}

  /**
   * Keyset paging (cursor) costs the same on every page; page numbers (OFFSET) cost more the deeper
   * they go. One row more than the page tells whether there is a next page, without counting.
   */
  async execute({ filter }: ListCampaignsQuery): Promise<CampaignPage> {
    const pageSize = filter.pageSize ?? 20;
    const sort = filter.sort ?? 'newest';
    if (filter.cursor !== undefined && filter.page !== undefined) throw new CampaignCursorInvalid('give either cursor or page, not both');
    const after = filter.cursor === undefined ? undefined : decodeCampaignCursor(filter.cursor, sort);
    const page = after ? null : (filter.page ?? 1);
    const withTotal = filter.includeTotal ?? !after;
    const statuses = filter.status ? PUBLIC_STATUSES.filter((s) => s === filter.status) : PUBLIC_STATUSES;
    if (statuses.length === 0) return { items: [], page, pageSize, total: withTotal ? 0 : null, nextCursor: null };
    const rows = await this.campaigns.list(statuses, { ...filter, sort }, { after, offset: page ? (page - 1) * pageSize : 0, limit: pageSize + 1 });
    const shown = rows.slice(0, pageSize);
    const last = shown.at(-1);
    const nextCursor = rows.length > pageSize && last ? encodeCampaignCursor(sort, { keys: last.keys, id: last.campaign.id }) : null;
    const total = withTotal ? await this.campaigns.count(statuses, filter) : null;
    return { items: shown.map((r) => toCampaignView(r.campaign)), page, pageSize, total, nextCursor };
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
    private readonly readModel: CampaignReadModel,
    private readonly campaigns: GetCampaignHandler,
  ) {}

  async execute({ campaignId, actor }: ListUpdatesQuery) {
    await this.campaigns.execute(new GetCampaignQuery(campaignId, actor)); // same visibility as the campaign
    return this.readModel.updates(campaignId);
  }
}
