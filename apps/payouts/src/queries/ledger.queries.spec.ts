import type { LedgerAuditReadModel } from '../persistence/ledger-audit.read-model';
import type { LedgerReadModel, PublicMoneyFilter } from '../persistence/ledger.read-model';
import { PayoutsErrorCode } from '../payouts.errors';
import { EXPORT_CHUNK, LedgerQueries, PublicMoneyRow } from './ledger.queries';

const FUND = 'f0000000-0000-4000-8000-000000000001';

/** A ledger of `n` public-money postings in export order, fetched in batches as the read model's cursor does. */
function ledgerOf(n: number) {
  const movements = Array.from({ length: n }, (_, i) => ({
    occurredAt: new Date(Date.UTC(2027, 0, 1) + i * 1000),
    fundId: FUND,
    campaignId: 'c1',
    trancheId: null,
    kind: i % 2 ? 'tranche_released' : 'match_committed',
    amount: i + 1,
    currency: 'EUR',
    trancheStatus: i % 2 ? 'paid' : null,
  }));
  const calls: { filter: PublicMoneyFilter; batch: number }[] = [];
  const read = {
    funds: () => Promise.resolve([{ fundId: FUND, sourceTags: ['municipal'], sourceShares: null }]),
    publicMoneyMovements: async function* (filter: PublicMoneyFilter, batch: number) {
      calls.push({ filter, batch });
      for (let at = 0; at < movements.length; at += batch) yield movements.slice(at, at + batch);
    },
  };
  return { queries: new LedgerQueries(read as unknown as LedgerReadModel, {} as LedgerAuditReadModel), calls };
}

async function chunksOf(iterable: AsyncIterable<PublicMoneyRow[]>) {
  const chunks: PublicMoneyRow[][] = [];
  for await (const chunk of iterable) chunks.push(chunk);
  return chunks;
}

describe('the public-money export, read in chunks', () => {
  it('reads every posting once, in order, in chunks of EXPORT_CHUNK from one query', async () => {
    const { queries, calls } = ledgerOf(2 * EXPORT_CHUNK + 345);
    const chunks = await chunksOf(queries.publicMoney());
    expect(chunks.map((c) => c.length)).toEqual([EXPORT_CHUNK, EXPORT_CHUNK, 345]);
    expect(chunks.flat().map((r) => r.amount)).toEqual(Array.from({ length: 2 * EXPORT_CHUNK + 345 }, (_, i) => i + 1));
    expect(calls).toEqual([{ filter: expect.any(Object), batch: EXPORT_CHUNK }]);
    expect(chunks[0][0]).toEqual({
      date: '2027-01-01T00:00:00.000Z',
      fundId: FUND,
      sourceTags: ['municipal'],
      campaignId: 'c1',
      trancheId: null,
      movement: 'committed',
      amount: 1,
      currency: 'EUR',
      status: 'committed',
      sourceShares: null,
    });
    expect(chunks[0][1]).toMatchObject({ movement: 'released', status: 'paid' });
  });

  it('yields nothing for an empty ledger', async () => {
    expect(await chunksOf(ledgerOf(0).queries.publicMoney())).toEqual([]);
  });

  it('passes the filter on with the fund in lower case and the bounds as UTC instants', async () => {
    const { queries, calls } = ledgerOf(1);
    await chunksOf(queries.publicMoney({ fundId: FUND.toUpperCase(), from: '2027-01-01', to: '2027-02-01T01:00:00+01:00' }));
    expect(calls[0].filter).toEqual({ fundId: FUND, from: '2027-01-01T00:00:00.000Z', to: '2027-02-01T00:00:00.000Z' });
  });

  it.each([
    [{ from: '2027-02-01', to: '2027-01-01' }, /from \(2027-02-01\) must be before to/],
    [{ from: '2027-01-01T00:00:00Z', to: '2027-01-01T01:00:00+01:00' }, /must be before/], // the same instant: an empty range
    [{ from: '2027-W01-1' }, /from must be a calendar date/],
    [{ to: '2027-123' }, /to must be a calendar date/],
  ])('refuses %j before reading anything (400 EXPORT_FILTER_INVALID)', (filter, message) => {
    const { queries, calls } = ledgerOf(1);
    expect(() => queries.publicMoney(filter)).toThrow(
      expect.objectContaining({ code: PayoutsErrorCode.EXPORT_FILTER_INVALID, kind: 'invalid', message: expect.stringMatching(message) }),
    );
    expect(calls).toEqual([]);
  });
});
