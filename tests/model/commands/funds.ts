import { randomUUID } from 'node:crypto';
import { isoIn } from '../../support/fixtures';
import { bearer } from '../../support/flows';
import { Cmd, Model, pick, World } from '../model';
import { p, step } from '../system';

// Funders' commands: funds with a rule (or an invalid budget), top-ups and closes, also of someone else's fund.
export class CreateFund implements Cmd {
  constructor(
    readonly owner: number,
    readonly budget: number,
    readonly rule: Record<string, unknown>,
    readonly invalid: boolean,
  ) {}
  check = () => true;
  async run(m: Model, w: World) {
    const owner = pick(w.funders, this.owner);
    const body = {
      name: `Fund ${randomUUID().slice(0, 6)}`,
      currency: 'EUR',
      budgetAmount: this.invalid ? -this.budget : this.budget,
      sourceTags: ['municipal'],
    };
    const res = await step(w, `createFund(${this.owner}, ${body.budgetAmount})`, this.invalid ? [400] : [201], () =>
      p.api.post('/funds').set(bearer(owner.token)).send(body),
    );
    if (res.status !== 201) return;
    const id = res.body.id as string;
    const now = p.clock.now().getTime();
    const { roundDays, ...params } = this.rule;
    const rule: Record<string, unknown> = {
      ...params,
      eligibility: { callIds: [w.callId] },
      ...(params.type === 'quadratic' ? { roundStartsAt: isoIn(-1, now), roundEndsAt: isoIn(Number(roundDays), now) } : {}),
    };
    await step(w, `addRule(${JSON.stringify(rule).slice(0, 160)})`, [201], () => p.api.post(`/funds/${id}/rules`).set(bearer(owner.token)).send(rule));
    m.funds.push({ id, owner: this.owner, closed: false, rule: String(rule.type) });
  }
  toString = () => `CreateFund(${this.owner}, ${this.budget}, ${JSON.stringify(this.rule)}, ${this.invalid})`;
}

export class TopUp implements Cmd {
  constructor(
    readonly fund: number,
    readonly by: number,
    readonly amount: number,
  ) {}
  check = (m: Readonly<Model>) => m.funds.length > 0;
  async run(m: Model, w: World) {
    const f = pick(m.funds, this.fund);
    const expected = this.by !== f.owner ? [403] : f.closed ? [409] : [200];
    await step(w, `topUp(fund ${m.funds.indexOf(f)}, by ${this.by}, ${this.amount})`, expected, () =>
      p.api
        .post(`/funds/${f.id}/top-ups`)
        .set(bearer(pick(w.funders, this.by).token))
        .set('Idempotency-Key', randomUUID())
        .send({ amount: this.amount }),
    );
  }
  toString = () => `TopUp(${this.fund}, ${this.by}, ${this.amount})`;
}

export class CloseFund implements Cmd {
  constructor(
    readonly fund: number,
    readonly by: number,
  ) {}
  check = (m: Readonly<Model>) => m.funds.length > 0;
  async run(m: Model, w: World) {
    const f = pick(m.funds, this.fund);
    const expected = this.by !== f.owner ? [403] : f.closed ? [409] : [200];
    const res = await step(w, `closeFund(fund ${m.funds.indexOf(f)}, by ${this.by})`, expected, () =>
      p.api
        .post(`/funds/${f.id}/close`)
        .set(bearer(pick(w.funders, this.by).token))
        .send({}),
    );
    if (res.status === 200) f.closed = true;
  }
  toString = () => `CloseFund(${this.fund}, ${this.by})`;
}
