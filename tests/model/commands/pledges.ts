import { randomUUID } from 'node:crypto';
import { bearer } from '../../support/flows';
import { SKIP } from '../config';
import { Cmd, lagging, Model, pick, SUCCEEDED, World } from '../model';
import { campaignOf, p, step } from '../system';

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
    const created = await step(
      w,
      `pledge(campaign ${m.campaigns.indexOf(c)} [${info.status}], donor ${this.donor}, ${amount}, ${this.variant})`,
      expected,
      () => p.api.post('/pledges').set(bearer(token)).set('Idempotency-Key', randomUUID()).send({ campaignId: c.id, amount, currency: 'EUR' }),
    );
    if (created.status !== 201) return;
    const id = created.body.id as string;
    const card = this.card === 'ok' ? '4242424242424242' : '4000000000000002';
    const paid = await step(w, `pay(pledge ${m.pledges.length}, ${this.card})`, [200], () =>
      p.api.post(`/pledges/${id}/sandbox-confirm`).set(bearer(token)).send({ cardNumber: card }),
    );
    if (paid.body.status !== (this.card === 'ok' ? 'confirmed' : 'failed')) throw new Error(`pledge paid with a ${this.card} card is ${paid.body.status}`);
    if (this.card === 'ok') m.pledges.push({ id, campaign: m.campaigns.indexOf(c), donor: this.donor });
  }
  toString = () => `Pledge(${this.campaign}, ${this.donor}, ${this.amount}, ${this.card}, ${this.variant})`;
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
