import { Injectable } from '@nestjs/common';
import { EventEnvelope, PledgeConfirmed, PledgeConfirmedV1, PledgeRefunded, PledgeRefundedV1 } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { InjectTx, Tx } from '@lib/platform';

/**
 * Progress read model (pledged amount, distinct backers) from pledges' events. Increments are
 * commutative, so pledges of one campaign may arrive in any order; the inbox makes each count once.
 * A backer stops counting when refunds bring their total to zero. A refund takes the whole pledge
 * out (`pledgeAmount`), whatever part of it a donors' share refund paid back before.
 */
@Injectable()
@EventConsumer({ service: 'campaigns', events: [PledgeConfirmed, PledgeRefunded] })
export class TrackProgressOnPledgeEvents implements EventHandler {
  constructor(@InjectTx('campaigns') private readonly txHost: Tx) {}

  async handle(envelope: EventEnvelope<PledgeConfirmedV1 | PledgeRefundedV1>): Promise<void> {
    const { campaignId, donorId } = envelope.payload;
    const sign = envelope.type === PledgeConfirmed.type ? 1 : -1;
    // A refunded pledge stops counting in full, even when a pro-rata donors' share refund paid part of it back before.
    const amount = sign > 0 ? envelope.payload.amount : ((envelope.payload as PledgeRefundedV1).pledgeAmount ?? envelope.payload.amount);
    // The row first, then its lock: FOR UPDATE on a row that does not exist yet locks nothing, so two
    // first pledges of one donor, handled at once from two partitions, both counted a new backer
    // (found by scripts/faults). A concurrent insert of the same key waits here for the other
    // transaction, then the lock below serializes the two.
    await this.txHost.tx.query(
      `INSERT INTO campaigns.campaign_backers (campaign_id, donor_id, amount) VALUES ($1, $2, 0) ON CONFLICT (campaign_id, donor_id) DO NOTHING`,
      [campaignId, donorId],
    );
    const [before] = await this.txHost.tx.query(`SELECT amount FROM campaigns.campaign_backers WHERE campaign_id = $1 AND donor_id = $2 FOR UPDATE`, [campaignId, donorId]);
    const was = before ? Number(before.amount) : 0;
    const now = Math.max(0, was + sign * amount);
    await this.txHost.tx.query(
      `INSERT INTO campaigns.campaign_backers (campaign_id, donor_id, amount) VALUES ($1, $2, $3)
       ON CONFLICT (campaign_id, donor_id) DO UPDATE SET amount = EXCLUDED.amount`,
      [campaignId, donorId, now],
    );
    const backerDelta = (now > 0 ? 1 : 0) - (was > 0 ? 1 : 0);
    await this.txHost.tx.query(
      `UPDATE campaigns.campaigns
          SET pledged_amount = GREATEST(0, pledged_amount + $2), backers = backers + $3, confirmed_pledges = confirmed_pledges + $4
        WHERE id = $1`,
      [campaignId, sign * amount, backerDelta, sign > 0 ? 1 : 0],
    );
  }
}
