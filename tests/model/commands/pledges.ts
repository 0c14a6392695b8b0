import { randomUUID } from 'node:crypto';
import { bearer } from '../../support/flows';
import { SKIP } from '../config';
import { Cmd, lagging, Model, PledgeRef, pick, SUCCEEDED, World } from '../model';
import { afterBurst, burstStep, campaignOf, catchUp, p, step, Stepper } from '../system';

// Citizens' pledges, paid with a good card or declined, and the admins' refunds (before and after success).
export class Pledge implements Cmd {
  constructor(
    readonly campaign: number,
    readonly donor: number,
    readonly amount: number,
    readonly card: 'ok' | 'declined',
    readonly variant: 'valid' | 'wrong-role' | 'over-max',
  ) {}
  check = (m: Readonly<Model>) => m.campaigns.length > 0;
  async run(m: Model, w: World) {
    const paid = await this.place(m, w);
    if (paid) m.pledges.push(paid);
  }

  /** The pledge made and paid; its model entry when it counts (the caller records it: a burst in its own order). */
  async place(m: Readonly<Model>, w: World, stepper: Stepper = step): Promise<PledgeRef | undefined> {
    const c = pick(m.campaigns, this.campaign);
    const info = await campaignOf(c.id);
    const open = info.status === 'live' && new Date(info.endsAt).getTime() > p.clock.now().getTime();
    const amount = this.variant === 'over-max' ? 1_000_001 : this.amount;
    const token = this.variant === 'wrong-role' ? w.promoters[0].token : pick(w.citizens, this.donor).token;
    // a campaign not published yet is unknown to pledges (404); one not open refuses (409/422)
    const closed = [404, 409, 422];
    // while pledges lags campaigns' topic, its view of the campaign (published, cancelled) may be behind campaigns'
    const expected =
      this.variant === 'wrong-role'
        ? [403]
        : this.variant === 'over-max'
          ? [400, 422, ...closed]
          : lagging(w, 'pledges')
            ? [201, ...closed]
            : open
              ? [201]
              : closed;
    const created = await stepper(
      w,
      `pledge(campaign ${m.campaigns.indexOf(c)} [${info.status}], donor ${this.donor}, ${amount}, ${this.variant})`,
      expected,
      () => p.api.post('/pledges').set(bearer(token)).set('Idempotency-Key', randomUUID()).send({ campaignId: c.id, amount, currency: 'EUR' }),
    );
    if (created.status !== 201) return undefined;
    const id = created.body.id as string;
    const card = this.card === 'ok' ? '4242424242424242' : '4000000000000002';
    const paid = await stepper(w, `pay(pledge ${id}, ${this.card})`, [200], () =>
      p.api.post(`/pledges/${id}/sandbox-confirm`).set(bearer(token)).send({ cardNumber: card }),
    );
    if (paid.body.status !== (this.card === 'ok' ? 'confirmed' : 'failed')) throw new Error(`pledge paid with a ${this.card} card is ${paid.body.status}`);
    return this.card === 'ok' ? { id, campaign: m.campaigns.indexOf(c), donor: this.donor } : undefined;
  }
  toString = () => `Pledge(${this.campaign}, ${this.donor}, ${this.amount}, ${this.card}, ${this.variant})`;
}

/**
 * Several citizens pledge and pay at the same moment: their requests reach the pledges service
 * together, so they share group commits (one transaction for the group's pledges, one for their
 * confirmations) — with refusals, declines and wrong roles among them. The model records the paid
 * ones in the burst's order, whatever order the answers came in (the sequence stays replayable).
 */
export class PledgeBurst implements Cmd {
  constructor(readonly pledges: Pledge[]) {}
  check = (m: Readonly<Model>) => m.campaigns.length > 0;
  async run(m: Model, w: World) {
    await catchUp(w);
    let accepted = false;
    const counting: Stepper = async (...args) => {
      const res = await burstStep(...args);
      accepted ||= res.status < 400;
      return res;
    };
    const paid = await Promise.all(this.pledges.map((pl) => pl.place(m, w, counting)));
    for (const entry of paid) if (entry) m.pledges.push(entry);
    await afterBurst(w, this.toString(), accepted);
  }
  toString = () => `PledgeBurst(${this.pledges.map((pl) => pl.toString()).join(', ')})`;
}

export class Refund implements Cmd {
  constructor(
    readonly pledge: number,
    readonly as: 'admin' | 'citizen',
  ) {}
  check = (m: Readonly<Model>) => m.pledges.length > 0;
  async run(m: Model, w: World) {
    const pl = pick(m.pledges, this.pledge);
    const c = m.campaigns[pl.campaign];
    const { status } = await campaignOf(c.id);
    const after = SUCCEEDED.includes(status);
    if (after && SKIP.has('refund-after-success')) return;
    const token = this.as === 'admin' ? w.admin.token : w.citizens[pl.donor].token;
    // before success: allowed; after success: allowed while the unreleased escrow covers it, else 409 REFUND_NOT_COVERED_BY_ESCROW
    const expected = this.as !== 'admin' ? [403] : after ? [200, 409] : [200, 409];
    await step(w, `refund(pledge ${m.pledges.indexOf(pl)} of campaign ${pl.campaign} [${status}], as ${this.as})`, expected, () =>
      p.api.post(`/pledges/${pl.id}/refund`).set(bearer(token)).set('Idempotency-Key', randomUUID()).send({ reason: 'model-based test' }),
    );
  }
  toString = () => `Refund(${this.pledge}, ${this.as})`;
}
