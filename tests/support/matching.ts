import { randomUUID } from 'node:crypto';
import { bearer, Cast } from './flows';
import type { TestPlatform } from './harness';

/**
 * The matching suites' helpers (tests/e2e/matching*.e2e-spec.ts), on the platform the suite started
 * (read when called: it is started in beforeAll): a fund with one rule, a fund's pool (checking the
 * pool identity every time) and a pledge's match quote.
 */
export function matchingHelpers(platform: () => TestPlatform) {
  async function fund(who: Cast, budgetAmount: number, rule: Record<string, unknown>, sourceTags = ['municipal']) {
    const p = platform();
    const f = await p.api
      .post('/funds')
      .set(bearer(who.funder))
      .send({ name: `Fund ${randomUUID().slice(0, 6)}`, currency: 'EUR', budgetAmount, sourceTags })
      .expect(201);
    const r = await p.api.post(`/funds/${f.body.id}/rules`).set(bearer(who.funder)).send(rule).expect(201);
    return { fundId: f.body.id as string, ruleId: r.body.id as string };
  }
  async function pool(fundId: string) {
    const p = platform();
    const f = (await p.api.get(`/funds/${fundId}`).expect(200)).body;
    expect(f.available + f.reserved + f.committed + f.spent + f.returned).toBe(f.budgetAmount); // the pool identity, every time
    return f;
  }
  const quote = async (campaignId: string, amount: number, token?: string) => {
    const p = platform();
    const req = p.api.get(`/campaigns/${campaignId}/match-quote?amount=${amount}`);
    return (await (token ? req.set(bearer(token)) : req).expect(200)).body;
  };
  return { fund, pool, quote };
}
