import { bearer, cast, passDeadline, pledge } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { payoutAccount, releaseTranche } from '../support/delivery';
import { approvedCampaign, daysFromNow, deliveryCampaign, fundWithRule, openCall, ratioRule, statusOf, tranchesOf } from '../support/scenario';

type Row = { date: string; fundId: string; campaignId: string; movement: string; amount: number };
const FIELDS = ['date', 'fundId', 'sourceTags', 'campaignId', 'trancheId', 'movement', 'amount', 'currency', 'status', 'sourceShares'];

// GET /transparency/export streamed in keyset chunks and filtered by fund, call, campaign and date range, as JSON and CSV.
describe('transparency export: streamed and filtered', () => {
  let p: TestPlatform;
  let all: Row[];
  let allCsv: string[];
  const ids = { fundA: '', fundB: '', callA: '', a1: '', a2: '', b1: '' };
  beforeAll(async () => {
    p = await startTestPlatform();
    const [a, b] = [cast(p), cast(p)];
    ids.callA = (await openCall(p, a.funder)).body.id;
    const callB = (await openCall(p, b.funder)).body.id;
    ids.fundA = (await fundWithRule(p, a.funder, { name: 'Comune A — match', budgetAmount: 1_000_000, sourceTags: ['municipal'] }, ratioRule(ids.callA))).id;
    ids.fundB = (await fundWithRule(p, b.funder, { name: 'Fondazione B — match', budgetAmount: 1_000_000, sourceTags: ['foundation'] }, ratioRule(callB))).id;
    const campaign = (funder: string, callId: string, title: string, endsInDays: number) =>
      approvedCampaign(p, a.promoter, funder, deliveryCampaign(p, callId, 'binary', { title, endsAt: daysFromNow(p, endsInDays) }));
    ids.a1 = await campaign(a.funder, ids.callA, 'Campaign A1', 10);
    ids.a2 = await campaign(a.funder, ids.callA, 'Campaign A2', 20);
    ids.b1 = await campaign(b.funder, callB, 'Campaign B1', 10);
    await p.drain();
    for (const id of [ids.a1, ids.a2, ids.b1]) await pledge(p, a.citizen('ada'), id, 60_000); // 60,000 + 60,000 matched ≥ 100,000
    await passDeadline(p, 11); // A1 and B1 close: their matches are committed
    await payoutAccount(p, a.promoter);
    await releaseTranche(p, a.funder, (await tranchesOf(p, ids.a1))[0].id); // A1's upfront tranche: released to the promoter
    await p.drain();
    await passDeadline(p, 10); // A2 closes, later
    expect([await statusOf(p, ids.a1), await statusOf(p, ids.a2), await statusOf(p, ids.b1)]).toEqual(['in_delivery', 'in_delivery', 'in_delivery']);
    const json = await p.api.get('/transparency/export').expect(200);
    all = json.body;
    expect(json.text).toBe(JSON.stringify(all)); // the streamed bytes are one compact JSON array, as res.json wrote it
    allCsv = (await p.api.get('/transparency/export?format=csv').expect(200)).text.split('\n');
  });
  afterAll(() => p?.close());

  const exportOf = async (query: string) => (await p.api.get(`/transparency/export?${query}`).expect(200)).body as Row[];
  const csvOf = async (query: string) => (await p.api.get(`/transparency/export?format=csv&${query}`).expect(200)).text.split('\n');
  /** The unfiltered CSV's header, the lines `keep` keeps, and the final empty line. */
  const csvWhere = (keep: (cells: string[]) => boolean) => [allCsv[0], ...allCsv.slice(1, -1).filter((l) => keep(l.split(','))), ''];

  it('without a filter: every movement of the three campaigns, with the fields clients know, JSON and CSV alike', () => {
    expect(all.length).toBeGreaterThanOrEqual(4);
    for (const row of all) expect(Object.keys(row)).toEqual(FIELDS);
    expect(new Set(all.map((r) => r.campaignId))).toEqual(new Set([ids.a1, ids.a2, ids.b1]));
    expect(new Set(all.map((r) => r.movement))).toEqual(new Set(['committed', 'released']));
    expect(allCsv[0]).toBe(FIELDS.join(','));
    expect(allCsv.slice(1, -1).map((l) => l.split(',').slice(0, 2))).toEqual(all.map((r) => [r.date, r.fundId]));
    expect(allCsv.at(-1)).toBe('');
  });

  it('filters by fund, by call and by campaign: the unfiltered rows that match, in the same order', async () => {
    expect(await exportOf(`fundId=${ids.fundB}`)).toEqual(all.filter((r) => r.fundId === ids.fundB));
    expect(await exportOf(`fundId=${ids.fundA.toUpperCase()}`)).toEqual(all.filter((r) => r.fundId === ids.fundA));
    expect(await exportOf(`callId=${ids.callA}`)).toEqual(all.filter((r) => r.campaignId === ids.a1 || r.campaignId === ids.a2));
    expect(await exportOf(`campaignId=${ids.a1}`)).toEqual(all.filter((r) => r.campaignId === ids.a1));
    expect(await exportOf(`campaignId=${ids.b1}&fundId=${ids.fundA}`)).toEqual([]);
    expect(await csvOf(`fundId=${ids.fundB}`)).toEqual(csvWhere((cells) => cells[1] === ids.fundB));
    expect(await csvOf(`campaignId=${ids.a1}`)).toEqual(csvWhere((cells) => cells[3] === ids.a1));
    expect(await csvOf(`campaignId=${ids.b1}&fundId=${ids.fundA}`)).toEqual([FIELDS.join(','), '']);
  });

  it('filters by date range: from inclusive, to exclusive', async () => {
    const dates = [...new Set(all.map((r) => r.date))];
    expect(dates.length).toBeGreaterThanOrEqual(2);
    const [from, to] = [dates[1], dates.at(-1) as string];
    expect(await exportOf(`from=${from}`)).toEqual(all.filter((r) => r.date >= from));
    expect(await exportOf(`to=${to}`)).toEqual(all.filter((r) => r.date < to));
    expect(await exportOf(`from=${from}&to=${to}&fundId=${ids.fundA}`)).toEqual(all.filter((r) => r.date >= from && r.date < to && r.fundId === ids.fundA));
    expect(await csvOf(`from=${from}`)).toEqual(csvWhere((cells) => cells[0] >= from));
  });

  it('refuses a bad filter with 400, anonymous callers are served', async () => {
    const refused = async (query: string) => (await p.api.get(`/transparency/export?${query}`).expect(400)).body;
    await refused('fundId=not-a-uuid');
    await refused('callId=1');
    await refused('from=yesterday');
    await refused('to=2027-13-01');
    await refused('owner=me'); // unknown parameter
    expect(await refused('from=2027-02-01T00:00:00Z&to=2027-01-01T00:00:00Z')).toMatchObject({
      code: 'EXPORT_FILTER_INVALID',
      message: /from .* must be before to/,
    });
    expect(await refused('from=2027-01-01&to=2027-01-01&format=csv')).toMatchObject({ code: 'EXPORT_FILTER_INVALID' });
    await p.api
      .get('/transparency/export')
      .set(bearer(p.token('someone', 'citizen')))
      .expect(200);
  });
});
