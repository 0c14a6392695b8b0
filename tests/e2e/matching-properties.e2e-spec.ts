import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { isoIn } from '../support/fixtures';
import { bearer, cast, pledge, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';

/**
 * The rule engine end to end under random pledges and refunds (fixed seed, so every run is the
 * same): the pool identity holds, no cap is exceeded, and every cent is accounted for.
 */
describe('matching properties (random pledges, refunds and caps)', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

  it('keeps the pool exact under any sequence of pledges and refunds', async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('pledge' as const), donor: fc.integer({ min: 0, max: 3 }), amount: fc.integer({ min: 100, max: 20_000 }) }),
      fc.record({ kind: fc.constant('refund' as const), index: fc.nat(20) }),
    );
    const caps = fc.record({
      budget: fc.integer({ min: 0, max: 60_000 }),
      perDonor: fc.integer({ min: 1_000, max: 30_000 }),
      perCampaign: fc.integer({ min: 1_000, max: 50_000 }),
      numerator: fc.integer({ min: 1, max: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(caps, fc.array(step, { minLength: 1, maxLength: 10 }), async (c, steps) => {
        const who = cast(p);
        const { id, callId } = await publishCampaign(p, who, { goalAmount: 1_000_000, cofinancingAmount: 100_000, endsAt: isoIn(30, p.clock.now().getTime()) });
        const fund = await p.api
          .post('/funds')
          .set(bearer(who.funder))
          .send({ name: `Prop ${randomUUID().slice(0, 6)}`, currency: 'EUR', budgetAmount: c.budget, sourceTags: [] })
          .expect(201);
        await p.api
          .post(`/funds/${fund.body.id}/rules`)
          .set(bearer(who.funder))
          .send({
            type: 'ratio',
            numerator: c.numerator,
            denominator: 1,
            maxMatchPerDonorPerCampaign: c.perDonor,
            maxMatchPerCampaign: c.perCampaign,
            eligibility: { callIds: [callId] },
          })
          .expect(201);
        const paid: string[] = [];
        for (const s of steps) {
          if (s.kind === 'pledge') paid.push((await pledge(p, who.citizen(`donor${s.donor}`), id, s.amount)).id);
          else if (paid.length > 0)
            await p.api
              .post(`/pledges/${paid[s.index % paid.length]}/refund`)
              .set(bearer(who.admin))
              .send({})
              .expect(200);
          await p.drain();
          const f = (await p.api.get(`/funds/${fund.body.id}`).expect(200)).body;
          expect(f.available + f.reserved + f.committed + f.spent + f.returned).toBe(c.budget);
          expect(f.available).toBeGreaterThanOrEqual(0);
          const perDonor: { donor_id: string; total: string }[] = await p
            .db('matching')
            .query(`SELECT donor_id, sum(amount) AS total FROM matching.match_allocations WHERE campaign_id = $1 AND status = 'reserved' GROUP BY donor_id`, [
              id,
            ]);
          for (const d of perDonor) expect(Number(d.total)).toBeLessThanOrEqual(c.perDonor);
          const match = (await p.api.get(`/campaigns/${id}/match`).expect(200)).body;
          expect(match.reservedAmount).toBe(f.reserved);
          expect(match.reservedAmount).toBeLessThanOrEqual(c.perCampaign);
        }
      }),
      { numRuns: 6, seed: 20261128 },
    );
  });
});
