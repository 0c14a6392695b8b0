import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { CallEntity } from '../persistence/call.entity';
import { CallRepository } from '../persistence/call.repository';

export type CallView = CallEntity & { campaignCounts: Record<string, number> };

export class GetCallQuery extends Query<CallView> {
  constructor(readonly id: string) {
    super();
  }
}

export class ListCallsQuery extends Query<CallView[]> {}

@QueryHandler(GetCallQuery)
export class GetCallHandler implements IQueryHandler<GetCallQuery> {
  constructor(private readonly calls: CallRepository) {}

  async execute({ id }: GetCallQuery): Promise<CallView> {
    const call = await this.calls.get(id);
    return (await withCounts(this.calls, [call]))[0];
  }
}

@QueryHandler(ListCallsQuery)
export class ListCallsHandler implements IQueryHandler<ListCallsQuery> {
  constructor(private readonly calls: CallRepository) {}

  async execute(): Promise<CallView[]> {
    return withCounts(this.calls, await this.calls.list());
  }
}

/** Campaigns per status in each call (drafts are the promoters' business and not counted). */
async function withCounts(repository: CallRepository, calls: CallEntity[]): Promise<CallView[]> {
  if (calls.length === 0) return [];
  const counts = await repository.campaignCounts(calls.map((c) => c.id));
  return calls.map((call) => ({ ...call, campaignCounts: counts.get(call.id) ?? {} }));
}
