import { bearer } from '../support/flows';
import { DAY } from './config';
import { Model, World } from './model';
import { assertAudit, campaignOf, catchUp, figures, p, tranchesOf } from './system';

/** Every deadline passes, every milestone is verified (or expires), every eligible tranche is released and paid. */
export async function settle(m: Model, w: World): Promise<void> {
  await catchUp(w, true);
  for (let round = 0; round < 3; round++) {
    p.clock.advance(60 * DAY);
    await p.tick();
    for (const c of m.campaigns) {
      const info = await campaignOf(c.id);
      if (info.status === 'in_delivery') {
        for (const ms of info.milestones) {
          if (['verified', 'failed', 'expired', 'settled', 'partially_achieved'].includes(ms.status)) continue;
          await p.api
            .post(`/campaigns/${c.id}/milestones/${ms.id}/evidence`)
            .set(bearer(w.promoters[c.promoter].token))
            .send({ reportedValue: 80, description: 'final', documents: [] });
          const v = await p.api
            .post(`/campaigns/${c.id}/milestones/${ms.id}/verification`)
            .set(bearer(w.verifier.token))
            .send({ verifiedValue: 80, approved: round % 2 === 0 });
          if (v.status >= 500) throw new Error(`settling: verification answered ${v.status}`);
        }
      }
      await p.drain();
      for (const t of await tranchesOf(c.id)) {
        if (t.status !== 'eligible') continue;
        const r = await p.api.post(`/tranches/${t.id}/release`).set(bearer(w.admin.token)).send({});
        if (r.status !== 200) throw new Error(`settling: an eligible tranche could not be released: ${r.status} ${JSON.stringify(r.body)}`);
      }
      await p.drain();
    }
    await assertAudit(w, `settling, round ${round}`);
  }
  // Every fund cent available, spent or returned; every escrow empty; nothing reserved.
  const f = await figures();
  const mine = new Set(m.funds.map((x) => x.id));
  for (const fund of f.matching.funds.filter((x) => mine.has(x.fundId))) {
    if (fund.reserved !== 0 || fund.committed !== 0)
      throw new Error(`after settling, fund ${fund.fundId} still holds reserved ${fund.reserved}, committed ${fund.committed}\n  ${w.log.join('\n  ')}`);
  }
  const campaigns = new Set(m.campaigns.map((x) => x.id));
  for (const c of f.payouts.campaigns.filter((x) => campaigns.has(x.campaignId))) {
    const status = f.campaigns.campaigns.find((x) => x.campaignId === c.campaignId)?.status;
    const held = c.matchByFund.reduce((s, x) => s + x.escrow, 0);
    if (c.crowdEscrow !== 0 || held !== 0)
      throw new Error(
        `after settling, campaign ${c.campaignId} [${status}] still holds crowd ${c.crowdEscrow}, match ${held} in escrow\n  ${w.log.join('\n  ')}`,
      );
    const out = c.refundedAmount + c.donorShareRefundedAmount + c.releasedCrowd;
    if (out !== c.collectedAmount)
      throw new Error(
        `after settling, campaign ${c.campaignId}: collected ${c.collectedAmount} ≠ refunded ${c.refundedAmount} + donor share ${c.donorShareRefundedAmount} + to the promoter ${c.releasedCrowd}`,
      );
  }
}
