import { Injectable } from '@nestjs/common';
import { OutboxWriter } from '@lib/messaging';
import { cents, currencyCode, InjectTx, NotFound, Tx } from '@lib/platform';
import { CampaignViewEntity } from './campaign-view.entity';
import { PledgeEntity } from './pledge.entity';
import { pledgeConfirmed, pledgeFailed, PledgeRefund, pledgeRefunded } from './pledge-events';
import { PLEDGE_COLUMNS, PledgeRow, toPledge } from './pledge-rows';

export type { PledgeRefund } from './pledge-events';

export type NewPledge = Omit<PledgeEntity, 'refundedAmount'>;

/** A confirmed pledge of a campaign, locked, with what it still holds (a donors' share refund may have taken part). */
export interface HoldingPledge {
  id: string;
  paymentRef: string;
  remaining: number;
}

/** The pledges table: every read and write of a pledge row (the jobs' claims included); the pledge events go out with their writes. */
@Injectable()
export class PledgeRepository {
  constructor(
    @InjectTx('pledges') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
  ) {}

  private get pledges() {
    return this.txHost.tx.getRepository(PledgeEntity);
  }

  /** The pledge, its row locked (FOR UPDATE) until the transaction ends; PLEDGE_NOT_FOUND when there is none. */
  async getForUpdate(id: string): Promise<PledgeEntity> {
    const pledge = await this.byId(id, 'FOR UPDATE');
    if (!pledge) throw new NotFound('Pledge', id);
    return pledge;
  }

  /** The pledge of a provider payment (by our id when the provider echoes it, else by its reference), locked; null when unknown. */
  findForUpdateByPayment(where: { id: string; paymentRef: string } | { paymentRef: string }): Promise<PledgeEntity | null> {
    return this.pledges.findOne({ where, lock: { mode: 'pessimistic_write' } });
  }

  /** The pledge as it is now; PLEDGE_NOT_FOUND when there is none. */
  async get(id: string): Promise<PledgeEntity> {
    const pledge = await this.byId(id);
    if (!pledge) throw new NotFound('Pledge', id);
    return pledge;
  }

  /** Re-read after a write of this transaction (the row exists: it is locked by the caller). */
  async reload(id: string): Promise<PledgeEntity> {
    const pledge = await this.byId(id);
    if (!pledge) throw new Error(`pledge ${id} vanished inside its own transaction`);
    return pledge;
  }

  private async byId(id: string, lock: '' | 'FOR UPDATE' = ''): Promise<PledgeEntity | null> {
    const [row]: PledgeRow[] = await this.txHost.tx.query(`SELECT ${PLEDGE_COLUMNS} FROM pledges.pledges WHERE id = $1 ${lock}`, [id]);
    return row ? toPledge(row) : null;
  }

  listByDonor(donorId: string): Promise<PledgeEntity[]> {
    return this.pledges.find({ where: { donorId }, order: { createdAt: 'DESC' }, take: 500 });
  }

  /**
   * Confirmed; when it counts for the campaign, pledge.confirmed goes to the outbox with it and
   * announcedAt is set to the same instant (a round's cut-off tally counts exactly the announced ones).
   */
  async markConfirmed(pledge: PledgeEntity, at: Date, counted: boolean): Promise<void> {
    await this.pledges.update({ id: pledge.id }, { status: 'confirmed', confirmedAt: at, announcedAt: counted ? at : null });
    if (counted) await this.outbox.append(pledgeConfirmed(pledge, at));
  }

  /** The payment failed: the pledge fails and pledge.failed is announced. */
  async markFailed(pledge: PledgeEntity, reason: string, at: Date): Promise<void> {
    await this.pledges.update({ id: pledge.id }, { status: 'failed', failureReason: reason });
    await this.announceFailed(pledge, reason, at);
  }

  /** A refund that overtook the success it refunds: never counted, so nothing to announce. */
  async markRefundedBeforeSuccess(id: string, at: Date, reason: string): Promise<void> {
    await this.pledges.update({ id }, { status: 'refunded', confirmedAt: at, refundedAt: at, refundReason: reason });
  }

  /** The pledge is refunded and pledge.refunded announced. */
  async markRefunded(pledge: PledgeEntity, refund: PledgeRefund, at: Date): Promise<void> {
    await this.pledges.update({ id: pledge.id }, { status: 'refunded', refundedAt: at, refundReason: refund.reason });
    await this.announceRefunded(pledge, refund, at);
  }

  /** Only while still confirmed (the WHERE keeps a concurrent refund from writing twice); announced unless never counted. */
  async markRefundedIfConfirmed(pledge: PledgeEntity, refund: PledgeRefund, at: Date, announce: boolean): Promise<void> {
    await this.pledges.update({ id: pledge.id, status: 'confirmed' }, { status: 'refunded', refundedAt: at, refundReason: refund.reason });
    if (announce) await this.announceRefunded(pledge, refund, at);
  }

  private async announceRefunded(p: PledgeEntity, refund: PledgeRefund, at: Date): Promise<void> {
    await this.outbox.append(pledgeRefunded(p, refund, at));
  }

  async markCancelled(id: string, reason: string): Promise<void> {
    await this.pledges.update({ id }, { status: 'cancelled', failureReason: reason });
  }

  /** An unpaid pledge expired: cancelled, and pledge.failed announced (nothing was collected). */
  async expire(pledge: PledgeEntity, reason: string, at: Date): Promise<void> {
    await this.markCancelled(pledge.id, reason);
    await this.announceFailed(pledge, reason, at);
  }

  private async announceFailed(p: PledgeEntity, reason: string, at: Date): Promise<void> {
    await this.outbox.append(pledgeFailed(p, reason, at));
  }

  async cancelUnpaidOfCampaign(campaignId: string): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE pledges.pledges SET status = 'cancelled', failure_reason = 'not paid before funding closed' WHERE campaign_id = $1 AND status = 'requires_payment'`,
      [campaignId],
    );
  }

  /** Per donor (ordered by donor id), the sum of their confirmed pledges to the campaign. */
  async confirmedTotalsByDonor(campaignId: string): Promise<{ donorId: string; amount: number }[]> {
    const rows: { donor_id: string; amount: string }[] = await this.txHost.tx.query(
      `SELECT donor_id, sum(amount_minor) AS amount FROM pledges.pledges WHERE campaign_id = $1 AND status = 'confirmed'
        GROUP BY donor_id ORDER BY donor_id`,
      [campaignId],
    );
    return rows.map((d) => ({ donorId: d.donor_id, amount: cents(d.amount, 'amount') }));
  }

  /** Claims (SKIP LOCKED) the oldest pledges of cancelled or failed campaigns still to refund or cancel. */
  claimOfEndedCampaigns(limit: number): Promise<PledgeEntity[]> {
    return this.pledges
      .createQueryBuilder('p')
      .innerJoin(CampaignViewEntity, 'v', 'v.campaign_id = p.campaign_id')
      .where(`v.status IN ('cancelled', 'failed')`)
      .andWhere(`p.status IN ('confirmed', 'requires_payment')`)
      .orderBy('p.created_at', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write', undefined, ['p'])
      .setOnLocked('skip_locked')
      .getMany();
  }

  /** Claims (SKIP LOCKED) up to 500 pledges left unpaid since the cutoff. */
  claimUnpaidSince(cutoff: Date): Promise<PledgeEntity[]> {
    return this.pledges
      .createQueryBuilder('p')
      .where(`p.status = 'requires_payment'`)
      .andWhere('p.created_at <= :cutoff', { cutoff })
      .limit(500)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /** The confirmed pledges of a campaign that still hold money, locked, oldest confirmation first (ties by id). */
  async lockHolding(campaignId: string): Promise<HoldingPledge[]> {
    const rows: { id: string; payment_ref: string; remaining: string }[] = await this.txHost.tx.query(
      `SELECT id, payment_ref, amount_minor - refunded_amount AS remaining FROM pledges.pledges
        WHERE campaign_id = $1 AND status = 'confirmed' AND amount_minor > refunded_amount ORDER BY confirmed_at, id FOR UPDATE`,
      [campaignId],
    );
    return rows.map((p) => ({ id: p.id, paymentRef: p.payment_ref, remaining: cents(p.remaining, 'remaining') }));
  }

  async addRefundedAmount(id: string, amount: number): Promise<void> {
    await this.txHost.tx.query(`UPDATE pledges.pledges SET refunded_amount = refunded_amount + $2 WHERE id = $1`, [id, amount]);
  }

  /** What the provider payment of a pledge is created from (read after commit, outside any transaction). */
  async paymentOf(id: string): Promise<{ campaignId: string; amount: number; currency: string; paymentRef: string | null } | undefined> {
    const [row]: { campaign_id: string; amount_minor: string; currency: string; payment_ref: string | null }[] = await this.txHost.tx.query(
      `SELECT campaign_id, amount_minor, currency, payment_ref FROM pledges.pledges WHERE id = $1`,
      [id],
    );
    if (!row) return undefined;
    return { campaignId: row.campaign_id, amount: cents(row.amount_minor, 'amount_minor'), currency: currencyCode(row.currency), paymentRef: row.payment_ref };
  }

  /** Stores the provider payment's reference once (a concurrent retry keeps the first). */
  async setPaymentRefOnce(id: string, paymentRef: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE pledges.pledges SET payment_ref = $2 WHERE id = $1 AND payment_ref IS NULL`, [id, paymentRef]);
  }
}
