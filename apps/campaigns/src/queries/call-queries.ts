import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { InjectTx, NotFound, Tx } from '@lib/platform';
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
  constructor(@InjectTx('campaigns') private readonly txHost: Tx) {}

  async execute({ id }: GetCallQuery): Promise<CallView> {
    const call = await this.txHost.tx.getRepository(CallEntity).findOneBy({ id });
    if (!call) throw new NotFound('Call', id);
    return (await withCounts(this.txHost.tx, [call]))[0];
  }
}

@QueryHandler(ListCallsQuery)
export class ListCallsHandler implements IQueryHandler<ListCallsQuery> {
  constructor(@InjectTx('campaigns') private readonly txHost: Tx) {}

  async execute(): Promise<CallView[]> {
    const calls = await this.txHost.tx.getRepository(CallEntity).find({ order: { opensAt: 'DESC', id: 'ASC' }, take: 200 });
    return withCounts(this.txHost.tx, calls);
  }
}

/** Campaigns per status in each call (drafts are the promoters' business and not counted). */
async function withCounts(ds: EntityManager, calls: CallEntity[]): Promise<CallView[]> {
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
