import { Injectable } from '@nestjs/common';
import { InjectTx, integer, NotFound, Tx } from '@lib/platform';
import { CallEntity } from './call.entity';

export type NewCall = Omit<CallEntity, 'createdAt'>;

/** Calls for proposals (campaigns.calls) and the per-status count of their campaigns. */
@Injectable()
export class CallRepository {
  constructor(@InjectTx('campaigns') private readonly txHost: Tx) {}

  private get repo() {
    return this.txHost.tx.getRepository(CallEntity);
  }

  create(call: NewCall): Promise<CallEntity> {
    return this.repo.save(this.repo.create(call));
  }

  exists(id: string): Promise<boolean> {
    return this.repo.existsBy({ id });
  }

  isOwnedBy(id: string, ownerId: string): Promise<boolean> {
    return this.repo.existsBy({ id, ownerId });
  }

  find(id: string): Promise<CallEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** The call, or 404. */
  async get(id: string): Promise<CallEntity> {
    const call = await this.find(id);
    if (!call) throw new NotFound('Call', id);
    return call;
  }

  /** The call a campaign names: it exists (foreign key), a missing one is a fault, not a 404. */
  getOrFail(id: string): Promise<CallEntity> {
    return this.repo.findOneByOrFail({ id });
  }

  /** The latest calls first (by opening date), at most 200. */
  list(): Promise<CallEntity[]> {
    return this.repo.find({ order: { opensAt: 'DESC', id: 'ASC' }, take: 200 });
  }

  /** Campaigns per status in each call (drafts are the promoters' business and not counted). */
  async campaignCounts(callIds: string[]): Promise<Map<string, Record<string, number>>> {
    const rows: { call_id: string; status: string; n: unknown }[] = await this.txHost.tx.query(
      `SELECT call_id, status, count(*) AS n FROM campaigns.campaigns
        WHERE call_id = ANY($1::uuid[]) AND status <> 'draft' GROUP BY call_id, status`,
      [callIds],
    );
    return new Map(callIds.map((id) => [id, Object.fromEntries(rows.filter((r) => r.call_id === id).map((r) => [r.status, integer(r.n, 'count')]))]));
  }
}
