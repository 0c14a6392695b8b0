import { startTestPlatform, TestPlatform } from '../support/harness';

// Funds, their pools and idempotent top-ups (the rest of the backbone: backbone.e2e-spec.ts).
describe('platform backbone (health, docs, auth, a campaign published across services)', () => {
  let p: TestPlatform;
  let funder: string;
  let otherFunder: string;

  beforeAll(async () => {
    p = await startTestPlatform();
    funder = p.token('funder-milano', 'funder');
    otherFunder = p.token('funder-napoli', 'funder');
  });
  afterAll(() => p?.close());

  describe('funds', () => {
    it('creates a fund whose pool holds the whole budget, tops it up (owner only)', async () => {
      const fund = await p.api
        .post('/funds')
        .set('Authorization', `Bearer ${funder}`)
        .send({ name: 'Municipal match', currency: 'EUR', budgetAmount: 5_000_000, sourceTags: ['municipal', 'ESF+'] })
        .expect(201);
      expect(fund.body).toMatchObject({ budgetAmount: 5_000_000, available: 5_000_000, reserved: 0, committed: 0, spent: 0, returned: 0 });
      await p.api.post(`/funds/${fund.body.id}/top-ups`).set('Authorization', `Bearer ${otherFunder}`).send({ amount: 100 }).expect(403);
      await p.api.post(`/funds/${fund.body.id}/top-ups`).set('Authorization', `Bearer ${funder}`).send({ amount: -5 }).expect(400);
      await p.api.post(`/funds/${fund.body.id}/top-ups`).set('Authorization', `Bearer ${funder}`).send({ amount: 12.5 }).expect(400);
      const topped = await p.api.post(`/funds/${fund.body.id}/top-ups`).set('Authorization', `Bearer ${funder}`).send({ amount: 250_000 }).expect(200);
      expect(topped.body).toMatchObject({ budgetAmount: 5_250_000, available: 5_250_000 });
      const read = await p.api.get(`/funds/${fund.body.id}`).expect(200);
      expect(read.body.budgetAmount).toBe(5_250_000);
      expect(read.body.budgetAmount).toBe(read.body.available + read.body.reserved + read.body.committed + read.body.spent + read.body.returned);
    });

    it('honours Idempotency-Key on top-ups: same key + body replays, other body is 422, failures leave no key', async () => {
      const fund = await p.api
        .post('/funds')
        .set('Authorization', `Bearer ${funder}`)
        .send({ name: 'Foundation match', currency: 'EUR', budgetAmount: 1_000, sourceTags: ['foundation'] })
        .expect(201);
      const topUp = (key: string, amount: number, token = funder) =>
        p.api.post(`/funds/${fund.body.id}/top-ups`).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key).send({ amount });
      const first = await topUp('topup-1', 500).expect(200);
      expect(first.body.budgetAmount).toBe(1_500);
      const again = await topUp('topup-1', 500).expect(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      const reused = await topUp('topup-1', 700).expect(422);
      expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      await topUp('topup-2', 500, otherFunder).expect(403); // refused: no key kept for that caller
      await topUp('x'.repeat(300), 1).expect(400);
      const parallel = await Promise.all([topUp('topup-3', 250), topUp('topup-3', 250), topUp('topup-3', 250)]);
      expect(parallel.map((r) => r.status)).toEqual([200, 200, 200]);
      const read = await p.api.get(`/funds/${fund.body.id}`).expect(200);
      expect(read.body).toMatchObject({ budgetAmount: 1_750, available: 1_750 });
    });
  });
});
