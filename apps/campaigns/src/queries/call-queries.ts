import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { dataSourceToken, NotFound } from '@lib/platform';
import { CallEntity } from '../persistence/call.entity';

export type CallView = CallEntity & { campaignCounts: Record<string, number> };

export class GetCallQuery extends Query<CallView> {
  constructor(readonly id: string) {
    super();
  }
}

export class ListCallsQuery extends Query<CallView[]> {}

@QueryHandler(GetCallQuery)
export class GetCallHandler implements IQueryHandler<GetCallQuery> {
  constructor(@Inject(dataSourceToken('campaigns')) private readonly ds: DataSource) {}

  async execute({ id }: GetCallQuery): Promise<CallView> {
    const call = await this.ds.getRepository(CallEntity).findOneBy({ id });
    if (!call) throw new NotFound('Call', id);
    return (await withCounts(this.ds, [call]))[0];
  }
}

@QueryHandler(ListCallsQuery)
export class ListCallsHandler implements IQueryHandler<ListCallsQuery> {
  constructor(@Inject(dataSourceToken('campaigns')) private readonly ds: DataSource) {}

  async execute(): Promise<CallView[]> {
    const calls = await this.ds.getRepository(CallEntity).find({ order: { opensAt: 'DESC', id: 'ASC' }, take: 200 });
    return withCounts(this.ds, calls);
  }
}

/** Campaigns per status in each call (drafts are the promoters' business and not counted). */
async function withCounts(ds: DataSource, calls: CallEntity[]): Promise<CallView[]> {
  if (calls.length === 0) return [];
  const rows: { call_id: string; status: string; n: string }[] = await ds.query(
    `SELECT call_id, status, count(*) AS n FROM campaigns.campaigns
      WHERE call_id = ANY($1::uuid[]) AND status <> 'draft' GROUP BY call_id, status`,
    [calls.map((c) => c.id)],
  );
  return calls.map((call) => ({
    ...call,
    campaignCounts: Object.fromEntries(rows.filter((r) => r.call_id === call.id).map((r) => [r.status, Number(r.n)])),
  }));
}
