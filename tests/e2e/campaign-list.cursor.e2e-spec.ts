import { isoIn } from '../support/fixtures';
import { cast, pledge, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';

type Page = { items: { id: string }[]; page: number | null; pageSize: number; total: number | null; nextCursor: string | null };
const SORTS = ['newest', 'ending_soon', 'most_backed'] as const;

// GET /campaigns by cursor (keyset paging): every page by the same index range, no count unless asked; page numbers keep working.
describe('campaign list: cursor paging', () => {
  let p: TestPlatform;
  const ids: string[] = [];
  beforeAll(async () => {
    p = await startTestPlatform();
    const who = cast(p);
    const now = p.clock.now().getTime();
    // 9 campaigns, with ties on every sort key: three end dates, most have no backers.
    for (let i = 0; i < 9; i++) ids.push((await publishCampaign(p, who, { title: `Keyset ${i}`, endsAt: isoIn(10 + (i % 3), now) })).id);
    await pledge(p, who.citizen('ada'), ids[1], 1_000);
    await pledge(p, who.citizen('bea'), ids[2], 1_000);
    await pledge(p, who.citizen('cai'), ids[3], 2_000);
    await pledge(p, who.citizen('dan'), ids[3], 1_000);
    await pledge(p, who.citizen('eva'), ids[4], 3_000);
    await p.drain();
  });
  afterAll(() => p?.close());

  const list = async (query: string): Promise<Page> => (await p.api.get(`/campaigns?q=keyset&${query}`).expect(200)).body;

  it.each(SORTS)('walks every page of sort=%s by cursor: each campaign once, in the order of one big page', async (sort) => {
    const reference = (await list(`sort=${sort}&pageSize=100`)).items.map((c) => c.id);
    expect([...reference].sort()).toEqual([...ids].sort());
    const first = await list(`sort=${sort}&pageSize=2`);
    expect(first).toMatchObject({ page: 1, pageSize: 2, total: 9 });
    const seen = first.items.map((c) => c.id);
    let cursor = first.nextCursor;
    let pages = 1;
    while (cursor) {
      const next = await list(`sort=${sort}&pageSize=2&cursor=${cursor}`);
      expect(next).toMatchObject({ page: null, pageSize: 2, total: null }); // no count on a cursor page
      seen.push(...next.items.map((c) => c.id));
      cursor = next.nextCursor;
      pages++;
    }
    expect(pages).toBe(5);
    expect(seen).toEqual(reference); // no duplicate, none missing, same order
  });

  it('orders most_backed by backers, then pledged, then id; ending_soon by end date, then id', async () => {
    const backed = (await list('sort=most_backed&pageSize=3')).items.map((c) => c.id);
    expect(backed).toEqual([ids[3], ids[4], ...[ids[1], ids[2]].sort()].slice(0, 3));
    const ending = (await list('sort=ending_soon&pageSize=3')).items.map((c) => c.id);
    expect(ending).toEqual([ids[0], ids[3], ids[6]].sort());
  });

  it('counts only when asked on a cursor page, and can skip the count on a numbered page', async () => {
    const first = await list('pageSize=4&includeTotal=false');
    expect(first).toMatchObject({ page: 1, total: null, nextCursor: expect.any(String) });
    const second = await list(`pageSize=4&cursor=${first.nextCursor}&includeTotal=true`);
    expect(second).toMatchObject({ page: null, total: 9 });
    const last = await list(`pageSize=4&cursor=${second.nextCursor}`);
    expect(last.items).toHaveLength(1);
    expect(last.nextCursor).toBeNull();
    expect((await list('pageSize=9')).nextCursor).toBeNull(); // exactly one full page: no next page
    expect((await list('page=3&pageSize=4')).items.map((c) => c.id)).toEqual(last.items.map((c) => c.id)); // page numbers still work
  });

  it('refuses a bad cursor with 400 CAMPAIGN_CURSOR_INVALID', async () => {
    const { nextCursor } = await list('sort=newest&pageSize=2');
    const bad = async (query: string, message: RegExp) => {
      const res = await p.api.get(`/campaigns?${query}`).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'CAMPAIGN_CURSOR_INVALID', message: expect.stringMatching(message) });
    };
    await bad('cursor=not-a-cursor', /^Invalid cursor: it does not decode/);
    await bad(`cursor=${nextCursor}&sort=most_backed`, /sort=newest, not sort=most_backed/);
    await bad(`cursor=${nextCursor}&page=2`, /either cursor or page/);
    await bad(`cursor=${Buffer.from(JSON.stringify({ s: 'newest', k: ["x' OR 1=1"], id: ids[0] })).toString('base64url')}`, /malformed sort key/);
    await p.api.get('/campaigns?cursor=').expect(400); // empty: refused by the query DTO
    await p.api.get('/campaigns?includeTotal=maybe').expect(400);
  });
});
