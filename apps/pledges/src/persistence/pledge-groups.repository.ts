import { Injectable } from '@nestjs/common';
import { OutboxWriter } from '@lib/messaging';
import { InjectTx, Tx } from '@lib/platform';
import { PledgeEntity } from './pledge.entity';
import { pledgeConfirmed } from './pledge-events';
import { insertPledges, PLEDGE_COLUMNS, PledgeRow, toPledge } from './pledge-rows';
import type { NewPledge } from './pledge.repository';

/**
 * The pledges table for group commits (CreatePledgesGroup, ConfirmSandboxPaymentsGroup): each
 * method is ONE statement for a whole group of concurrent requests' pledges.
 */
@Injectable()
export class PledgeGroups {
  constructor(
    @InjectTx('pledges') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
  ) {}

  /** New pledges, all in one INSERT (new ids: TypeORM's save would SELECT each first). */
  async insertAll(input: readonly NewPledge[]): Promise<PledgeEntity[]> {
    if (input.length > 0) await this.txHost.tx.query(...insertPledges(input));
    return input.map((p) => Object.assign(new PledgeEntity(), { ...p, refundedAmount: 0 }));
  }

  /** These pledges (unknown ids are absent), their rows locked in id order — one order for every group, so groups never wait in a cycle. */
  async lockAll(ids: readonly string[]): Promise<Map<string, PledgeEntity>> {
    if (ids.length === 0) return new Map();
    const rows: PledgeRow[] = await this.txHost.tx.query(`SELECT ${PLEDGE_COLUMNS} FROM pledges.pledges WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [
      [...new Set(ids)],
    ]);
    return new Map(rows.map((r) => [r.id, toPledge(r)]));
  }

  /**
   * markConfirmed for a group of pledges that all count (their campaigns take pledges): one UPDATE,
   * one outbox INSERT of their pledge.confirmed events (each with its own request's correlation id).
   */
  async markConfirmedAll(confirmed: readonly { pledge: PledgeEntity; correlationId?: string }[], at: Date): Promise<void> {
    if (confirmed.length === 0) return;
    await this.txHost.tx.query(`UPDATE pledges.pledges SET status = 'confirmed', confirmed_at = $2, announced_at = $2 WHERE id = ANY($1::uuid[])`, [
      confirmed.map((c) => c.pledge.id),
      at,
    ]);
    await this.outbox.append(...confirmed.map((c) => ({ ...pledgeConfirmed(c.pledge, at), correlationId: c.correlationId })));
  }
}
