import { bearer } from '../../support/flows';
import { Cmd, Model, pick, World } from '../model';
import { campaignOf, p, pickDelivering, step, tranchesOf } from '../system';

// Delivery: the promoter's evidence, the verifier's verdicts and the releases of tranches.
export class Evidence implements Cmd {
  constructor(
    readonly campaign: number,
    readonly milestone: number,
    readonly value: number,
    readonly as: 'owner' | 'other',
  ) {}
  check = (m: Readonly<Model>) => m.campaigns.length > 0;
  async run(m: Model, w: World) {
    const c = await pickDelivering(m.campaigns, this.campaign);
    const mid = pick(c.milestones, this.milestone);
    const token = this.as === 'owner' ? w.promoters[c.promoter].token : w.promoters[1 - c.promoter].token;
    const { status } = await campaignOf(c.id);
    const expected = this.as === 'other' ? [403] : [201, 400, 409, 422];
    await step(
      w,
      `evidence(campaign ${m.campaigns.indexOf(c)} [${status}], milestone ${c.milestones.indexOf(mid)}, ${this.value}, as ${this.as})`,
      expected,
      () =>
        p.api
          .post(`/campaigns/${c.id}/milestones/${mid}/evidence`)
          .set(bearer(token))
          .send({ reportedValue: this.value, description: 'report', documents: [] }),
    );
  }
  toString = () => `Evidence(${this.campaign}, ${this.milestone}, ${this.value}, ${this.as})`;
}

export class Verify implements Cmd {
  constructor(
    readonly campaign: number,
    readonly milestone: number,
    readonly value: number,
    readonly approved: boolean,
    readonly as: 'verifier' | 'promoter',
  ) {}
  check = (m: Readonly<Model>) => m.campaigns.length > 0;
  async run(m: Model, w: World) {
    const c = await pickDelivering(m.campaigns, this.campaign);
    const mid = pick(c.milestones, this.milestone);
    const { status, milestones } = await campaignOf(c.id);
    // Random sequences seldom put evidence before the verdict: a verifier's verdict on a campaign in
    // delivery whose milestone has none is preceded by the promoter's report (one more step), so
    // the verified, proportional and failed payouts are reached, not only settled at the end.
    if (this.as === 'verifier' && status === 'in_delivery' && milestones.find((x) => x.id === mid)?.status === 'pending') {
      await step(
        w,
        `evidence(campaign ${m.campaigns.indexOf(c)} [${status}], milestone ${c.milestones.indexOf(mid)}, ${this.value}, as owner, before a verdict)`,
        [201],
        () =>
          p.api
            .post(`/campaigns/${c.id}/milestones/${mid}/evidence`)
            .set(bearer(w.promoters[c.promoter].token))
            .send({ reportedValue: this.value, description: 'report', documents: [] }),
      );
    }
    const token = this.as === 'verifier' ? w.verifier.token : w.promoters[c.promoter].token;
    const expected = this.as === 'promoter' ? [403] : [200, 400, 409, 422];
    await step(
      w,
      `verify(campaign ${m.campaigns.indexOf(c)} [${status}], milestone ${c.milestones.indexOf(mid)} [${milestones.find((x) => x.id === mid)?.status}], ${this.value}, ${this.approved})`,
      expected,
      () => p.api.post(`/campaigns/${c.id}/milestones/${mid}/verification`).set(bearer(token)).send({ verifiedValue: this.value, approved: this.approved }),
    );
  }
  toString = () => `Verify(${this.campaign}, ${this.milestone}, ${this.value}, ${this.approved}, ${this.as})`;
}

export class Release implements Cmd {
  constructor(
    readonly campaign: number,
    readonly tranche: number,
    readonly as: 'admin' | 'funder' | 'promoter',
  ) {}
  check = (m: Readonly<Model>) => m.campaigns.length > 0;
  async run(m: Model, w: World) {
    const c = pick(m.campaigns, this.campaign);
    const tranches = await tranchesOf(c.id);
    if (tranches.length === 0) return;
    const t = pick(tranches, this.tranche);
    const token = this.as === 'admin' ? w.admin.token : this.as === 'funder' ? w.funders[0].token : w.promoters[c.promoter].token;
    // the call's funder may release (it owns the call); a promoter never
    const expected = this.as === 'promoter' ? [403] : t.status === 'eligible' ? [200] : [409];
    await step(
      w,
      `release(campaign ${m.campaigns.indexOf(c)}, tranche ${tranches.indexOf(t)} [${t.status}], as ${this.as})`,
      this.as === 'funder' ? (t.status === 'eligible' ? [200, 403] : [403, 409]) : expected,
      () => p.api.post(`/tranches/${t.id}/release`).set(bearer(token)).send({}),
    );
  }
  toString = () => `Release(${this.campaign}, ${this.tranche}, ${this.as})`;
}
