import { Injectable } from '@nestjs/common';
import { RoundCutoffRequestedV1, RoundCutoffTallied } from '@lib/contracts';
import { OutboxWriter } from '@lib/messaging';
import { InjectTx, Tx } from '@lib/platform';

/** One advisory lock key per campaign, shared by the confirmations, taken exclusively by a cut-off tally. */
const LOCK_KEY = `hashtextextended('pledges:announced:' || $1::text, 0)`;

/**
 * The confirmations pledges announced (pledge.confirmed emitted), counted for a quadratic round's
 * cut-off (docs/money-rules.md, "Round cut-off"). A confirmation takes its campaign's lock shared
 * before it reads the clock; the tally takes it exclusively before counting, so a confirmation in
 * flight is either committed before the count (counted) or reads the clock after it (confirmed
 * after the cut-off, which has passed when the tally runs). An advisory lock rather than the
 * campaign view's row lock: the funding close locks that row, then the pledges it cancels, while a
 * confirmation already holds its pledge's row — waiting for the view there could deadlock.
 * Confirmations never wait on each other (shared); the tally holds nothing else while it waits.
 */
@Injectable()
export class AnnouncedConfirmations {
  constructor(
    @InjectTx('pledges') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Taken by a confirmation, in its transaction, before it reads the clock (PaymentOutcomes.succeeded). */
  async lockForConfirmation(campaignId: string): Promise<void> {
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock_shared(${LOCK_KEY})`, [campaignId]);
  }

  /** lockForConfirmation for a group's campaigns, in one statement and in id order (the tally's order too). */
  async lockForConfirmations(campaignIds: readonly string[]): Promise<void> {
    const ids = [...new Set(campaignIds)].sort();
    if (ids.length === 0) return;
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock_shared(hashtextextended('pledges:announced:' || c, 0)) FROM unnest($1::text[]) AS c`, [ids]); // rows in array order
  }

  /** Per campaign (in the order asked, each once), the pledges announced with confirmedAt < cutoff; later refunds included. */
  async tally(campaignIds: string[], cutoff: Date): Promise<{ campaignId: string; announced: number }[]> {
    const ids = [...new Set(campaignIds)];
    for (const id of [...ids].sort()) await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`, [id]);
    const rows: { campaign_id: string; n: number }[] =
      ids.length === 0
        ? []
        : await this.txHost.tx.query(
            `SELECT campaign_id, count(*)::int AS n FROM pledges.pledges
        WHERE campaign_id = ANY($1::uuid[]) AND announced_at IS NOT NULL AND announced_at < $2 GROUP BY campaign_id`,
            [ids, cutoff],
          );
    const counted = new Map(rows.map((r) => [r.campaign_id, r.n]));
    return ids.map((campaignId) => ({ campaignId, announced: counted.get(campaignId) ?? 0 }));
  }

  /** The answer to a round's cut-off request: the tally, with round.cutoff_tallied in the outbox. */
  async answerCutoff(request: RoundCutoffRequestedV1): Promise<void> {
    const campaigns = await this.tally(request.campaignIds, new Date(request.cutoff));
    await this.outbox.append({
      contract: RoundCutoffTallied,
      aggregateId: request.ruleId,
      payload: { ruleId: request.ruleId, cutoff: request.cutoff, campaigns },
    });
  }
}
