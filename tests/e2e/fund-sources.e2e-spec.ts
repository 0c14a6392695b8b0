import { randomUUID } from 'node:crypto';
import { bearer, cast, Cast, passDeadline, pledge } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { releaseTranche } from '../support/delivery';
import { createFund, fundOf, fundWithRule, keepItAll, ratioRule, read, sourceShare, statusOf, tranchesOf } from '../support/scenario';

const LEDGER_FIGURES = ['committedToCampaigns', 'releasedToPromoters', 'returnedToFund', 'heldInEscrow'] as const;
const POOL_FIGURES = ['budgetAmount', 'available', 'reserved', 'committed', 'spent', 'returned'] as const;
type Row = Record<string, number | string | null | boolean>;
const sum = (rows: Row[], k: string) => rows.reduce((a, r) => a + (r[k] as number), 0);

/**
 * Issue 17 #17: a fund's money by source. Figures per source are the fund's figures split in the
 * declared shares (largest remainder, to the cent), or reported once for the fund — never the fund's
 * full figures repeated under each source tag (docs/money-rules.md, "A fund's money by source").
 */
describe("a fund's money by source (declared shares) and idempotent fund creation", () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

  /** A keep-it-all campaign matched 1:1 by `fund`, one pledge of `amount`, past its deadline: the match is committed and escrowed. */
  async function matchedCampaign(who: Cast, fundBody: Record<string, unknown>, amount: number) {
    const { id, callId } = await keepItAll(p, who);
    const fund = await fundWithRule(p, who.funder, { name: 'Fondo quartieri', budgetAmount: 100_001, ...fundBody }, ratioRule(callId));
    await pledge(p, who.citizen('ada'), id, amount);
    await passDeadline(p, 11);
    expect(await statusOf(p, id)).toBe('in_delivery');
    return { campaignId: id, fundId: fund.id as string };
  }

  it('a fund tagged ERDF + EU without declared shares is reported once, not 50,000 under each tag', async () => {
    const who = cast(p);
    const { fundId } = await matchedCampaign(who, { sourceTags: ['ERDF', 'EU'] }, 50_000);
    const ledger = await read(p, `/ledger/funds/${fundId}`);
    // before the fix: bySourceTag held 50,000 under ERDF and 50,000 under EU (100,000 of a 50,000 match)
    for (const k of LEDGER_FIGURES) expect([k, sum(ledger.bySourceTag, k)]).toEqual([k, ledger[k]]);
    expect(ledger).toMatchObject({ sourceTags: ['ERDF', 'EU'], sourceShares: null, committedToCampaigns: 50_000, heldInEscrow: 50_000 });
    expect(ledger.bySourceTag).toEqual([
      { sourceTag: null, shareBps: 10_000, declared: false, committedToCampaigns: 50_000, releasedToPromoters: 0, returnedToFund: 0, heldInEscrow: 50_000 },
    ]);
  });

  it('declared ERDF 50 % + EU 50 %: the per-source figures add up to the fund, to the cent, at every step', async () => {
    const who = cast(p);
    const sourceShares = [sourceShare('ERDF', 5000), sourceShare('EU', 5000)];
    const { campaignId, fundId } = await matchedCampaign(who, { sourceShares }, 50_001);
    const fund = await fundOf(p, fundId);
    expect(fund).toMatchObject({ sourceTags: ['ERDF', 'EU'], sourceShares, budgetAmount: 100_001, available: 50_000, committed: 50_001 });
    // 50,001 / 2 = 25,000.5 each: the odd cent goes to the first declared source (tie → declared order)
    expect(fund.bySource.map((s: Row) => [s.source, s.shareBps, s.budgetAmount, s.available, s.committed])).toEqual([
      ['ERDF', 5000, 50_001, 25_000, 25_001],
      ['EU', 5000, 50_000, 25_000, 25_000],
    ]);
    for (const k of POOL_FIGURES) expect(sum(fund.bySource, k)).toBe(fund[k]);

    const check = async () => {
      const ledger = await read(p, `/ledger/funds/${fundId}`);
      expect(ledger.sourceShares).toEqual(sourceShares);
      expect(ledger.bySourceTag.map((s: Row) => s.sourceTag)).toEqual(['ERDF', 'EU']);
      for (const k of LEDGER_FIGURES) expect(sum(ledger.bySourceTag, k)).toBe(ledger[k]);
      // each source within one cent of its exact half, never the whole figure repeated
      for (const s of ledger.bySourceTag as Row[]) for (const k of LEDGER_FIGURES) expect(Math.abs((s[k] as number) * 2 - ledger[k])).toBeLessThanOrEqual(1);
      return ledger;
    };
    expect(await check()).toMatchObject({ committedToCampaigns: 50_001, heldInEscrow: 50_001, releasedToPromoters: 0 });

    // the upfront tranche (40 % of the match: 20,000) is released: released and held are split too
    const [upfront] = await tranchesOf(p, campaignId);
    await releaseTranche(p, who.funder, upfront.id);
    await p.drain();
    const after = await check();
    expect(after.releasedToPromoters).toBeGreaterThan(0);
    expect(after.releasedToPromoters + after.heldInEscrow).toBe(50_001);

    // the transparency export says which shares each movement of this fund is split in
    const rows = (await read(p, '/transparency/export?format=json')).filter((r: { fundId: string }) => r.fundId === fundId);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.sourceShares).toEqual(sourceShares);
    const csv = await p.api.get('/transparency/export?format=csv').expect(200);
    expect(csv.text.split('\n')[0]).toBe('date,fundId,sourceTags,campaignId,trancheId,movement,amount,currency,status,sourceShares');
    expect(csv.text).toContain(`${fundId},"ERDF;EU",`);
    expect(csv.text).toContain(',"ERDF:5000;EU:5000"\n');
  });

  it('ERDF 5000 / national 3500 / city 1500: every pool figure split by largest remainder', async () => {
    const who = cast(p);
    const sourceShares = [sourceShare('ERDF', 5000), sourceShare('national', 3500), sourceShare('city', 1500)];
    const fund = (await createFund(p, who.funder, { name: 'Three sources', budgetAmount: 1_003, sourceTags: ['ERDF', 'national', 'city'], sourceShares })).body;
    // 1,003 → exact 501.5 / 351.05 / 150.45 → floors 501 / 351 / 150, one cent left → ERDF (largest remainder .5)
    expect(fund.bySource.map((s: Row) => [s.source, s.budgetAmount, s.available])).toEqual([
      ['ERDF', 502, 502],
      ['national', 351, 351],
      ['city', 150, 150],
    ]);
    expect((await fundOf(p, fund.id)).bySource).toEqual(fund.bySource);
  });

  it('refuses invalid shares with 400 and a clear code, and creates nothing', async () => {
    const who = cast(p);
    const base = { name: 'Refused', currency: 'EUR', budgetAmount: 10_000 };
    const cases: [Record<string, unknown>, string | undefined][] = [
      [{ sourceShares: [sourceShare('ERDF', 5000), sourceShare('EU', 4000)] }, 'FUND_SOURCE_SHARES_SUM'],
      [{ sourceShares: [sourceShare('ERDF', 5000), sourceShare('EU', 5001)] }, 'FUND_SOURCE_SHARES_SUM'],
      [{ sourceShares: [sourceShare('ERDF', 5000), sourceShare('ERDF', 5000)] }, 'FUND_SOURCE_DUPLICATE'],
      [{ sourceShares: [sourceShare('ERDF', 5000.5), sourceShare('EU', 4999.5)] }, 'FUND_SOURCE_SHARE_INVALID'],
      [{ sourceShares: [sourceShare('ERDF', 10_000), sourceShare('EU', 0)] }, 'FUND_SOURCE_SHARE_INVALID'],
      [{ sourceShares: [sourceShare('ERDF', 11_000), sourceShare('EU', -1000)] }, 'FUND_SOURCE_SHARE_INVALID'],
      [{ sourceShares: [{ source: 'ERDF', shareBps: '10000' }] }, 'FUND_SOURCE_SHARE_INVALID'],
      [{ sourceShares: [{ source: '', shareBps: 10_000 }] }, 'FUND_SOURCE_NAME_INVALID'],
      [{ sourceShares: [] }, 'FUND_SOURCE_SHARES_EMPTY'],
      [{ sourceShares: Array.from({ length: 21 }, (_, i) => ({ source: `s${i}`, shareBps: i === 0 ? 8000 : 100 })) }, 'FUND_SOURCE_SHARES_TOO_MANY'],
      [{ sourceTags: ['ERDF'], sourceShares: [sourceShare('ERDF', 5000), sourceShare('EU', 5000)] }, 'FUND_SOURCE_TAGS_MISMATCH'],
      [{ sourceShares: [{ source: 'ERDF', shareBps: 10_000, extra: 1 }] }, undefined], // unknown field: the validation pipe's 400
      [{}, undefined], // neither tags nor shares
      [{ sourceShares: null }, undefined], // null shares = none declared: the tags are required
    ];
    for (const [body, code] of cases) {
      const res = await p.api
        .post('/funds')
        .set(bearer(who.funder))
        .send({ ...base, ...body });
      expect([res.status, res.body.code, JSON.stringify(body)]).toEqual([400, code, JSON.stringify(body)]);
    }
    expect(await read(p, '/me/funds', who.funder)).toEqual([]);
    // the same shares, valid, are accepted: the refusals above were about the shares
    await createFund(p, who.funder, { ...base, sourceShares: [sourceShare('ERDF', 5000), sourceShare('EU', 5000)] });
    expect(await read(p, '/me/funds', who.funder)).toHaveLength(1);
  });

  it('POST /funds honours Idempotency-Key: a retry creates no second fund and returns the first response', async () => {
    const who = cast(p);
    const key = randomUUID();
    const body = { name: 'Retried fund', currency: 'EUR', budgetAmount: 25_000, sourceTags: ['municipal'] };
    const first = await p.api.post('/funds').set(bearer(who.funder)).set('Idempotency-Key', key).send(body).expect(201);
    const again = await p.api.post('/funds').set(bearer(who.funder)).set('Idempotency-Key', key).send(body).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await p.api
      .post('/funds')
      .set(bearer(who.funder))
      .set('Idempotency-Key', key)
      .send({ ...body, budgetAmount: 26_000 })
      .expect(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const mine = await read(p, '/me/funds', who.funder);
    expect(mine.map((f: { id: string; budgetAmount: number }) => [f.id, f.budgetAmount])).toEqual([[first.body.id, 25_000]]);
    // concurrent duplicates: still one fund
    const key2 = randomUUID();
    const burst = await Promise.all(
      Array.from({ length: 5 }, () =>
        p.api
          .post('/funds')
          .set(bearer(who.funder))
          .set('Idempotency-Key', key2)
          .send({ ...body, name: 'Burst' }),
      ),
    );
    expect(burst.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(burst.map((r) => r.body.id)).size).toBe(1);
    expect(await read(p, '/me/funds', who.funder)).toHaveLength(2);
  });

  it('POST /funds/:id/rules honours Idempotency-Key: a retry adds no second rule', async () => {
    const who = cast(p);
    const fund = (await createFund(p, who.funder, { name: 'Ruled fund', budgetAmount: 25_000, sourceTags: ['municipal'] })).body;
    const key = randomUUID();
    const rule = { type: 'ratio', numerator: 1, denominator: 2 };
    const first = await p.api.post(`/funds/${fund.id}/rules`).set(bearer(who.funder)).set('Idempotency-Key', key).send(rule).expect(201);
    const again = await p.api.post(`/funds/${fund.id}/rules`).set(bearer(who.funder)).set('Idempotency-Key', key).send(rule).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await p.api
      .post(`/funds/${fund.id}/rules`)
      .set(bearer(who.funder))
      .set('Idempotency-Key', key)
      .send({ ...rule, numerator: 2 })
      .expect(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await fundOf(p, fund.id)).rules).toHaveLength(1);
  });
});
