import { Injectable } from '@nestjs/common';
import { InjectTx, Tx } from '@lib/platform';

/** pledges.stripe_events: each Stripe event id once, with what it did. */
@Injectable()
export class StripeEventRepository {
  constructor(@InjectTx('pledges') private readonly txHost: Tx) {}

  /** Records the event as received; false when it was recorded before (a replay). */
  async recordOnce(event: { id: string; type: string }): Promise<boolean> {
    const recorded: unknown[] = await this.txHost.tx.query(
      `INSERT INTO pledges.stripe_events (id, type, payload, outcome) VALUES ($1, $2, $3, 'received') ON CONFLICT (id) DO NOTHING RETURNING id`,
      [event.id, event.type, JSON.stringify(event)],
    );
    return recorded.length > 0;
  }

  async setOutcome(id: string, outcome: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE pledges.stripe_events SET outcome = $2 WHERE id = $1`, [id, outcome]);
  }
}
