import type { LedgerAuditReadModel } from '../persistence/ledger-audit.read-model';
import type { LedgerReadModel, PublicMoneyFilter, PublicMoneyKey } from '../persistence/ledger.read-model';
import { PayoutsErrorCode } from '../payouts.errors';
import { EXPORT_CHUNK, LedgerQueries, PublicMoneyRow } from './ledger.queries';

const FUND = 'f0000000-0000-4000-8000-000000000001';

/** A ledger of `n` public-money postings in export order, answering chunk queries as the read model does. */
function ledgerOf(n: number) {
  const movements = Array.from({ length: n }, (_, i) => ({
    key: { occurredAt: `t${String(i).padStart(6, '0')}`, txId: `tx${i}`, postingId: String(i) },
    occurredAt: new Date(Date.UTC(2027, 0, 1) + i * 1000),
    fundId: FUND,
    campaignId: 'c1',
    trancheId: null,
    kind: i % 2 ? 'tranche_released' : 'match_committed',
    amount: i + 1,
    currency: 'EUR',
    trancheStatus: i % 2 ? 'paid' : null,
  }));
  const calls: { filter: PublicMoneyFilter; limit: number; after?: PublicMoneyKey }[] = [];
  const read = {
    funds: () => Promise.resolve([{ fundId: FUND, sourceTags: ['municipal'], sourceShares: null }]),
    publicMoneyMovements: (filter: PublicMoneyFilter, limit: number, after?: PublicMoneyKey) => {
      calls.push({ filter, limit, after });
      const start = after ? movements.findIndex((m) => m.key.postingId === after.postingId) + 1 : 0;
      return Promise.resolve(movements.slice(start, start + limit));
    },
  };
  return { queries: new LedgerQueries(read as unknown as LedgerReadModel, {} as LedgerAuditReadModel), calls };
}

async function chunksOf(iterable: AsyncIterable<PublicMoneyRow[]>) {
  const chunks: PublicMoneyRow[][] = [];
  for await (const chunk of iterable) chunks.push(chunk);
  return chunks;
}

describe('the public-money export, read in keyset chunks', () => {
  it('reads every posting once, in order, each chunk after the last key of the one before', async () => {
    const { queries, calls } = ledgerOf(2 * EXPORT_CHUNK + 345);
    const chunks = await chunksOf(queries.publicMoney());
    expect(chunks.map((c) => c.length)).toEqual([EXPORT_CHUNK, EXPORT_CHUNK, 345]);
    expect(chunks.flat().map((r) => r.amount)).toEqual(Array.from({ length: 2 * EXPORT_CHUNK + 345 }, (_, i) => i + 1));
    expect(calls.map((c) => c.after?.postingId)).toEqual([undefined, String(EXPORT_CHUNK - 1), String(2 * EXPORT_CHUNK - 1)]);
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

  it('stops after an empty chunk when the ledger ends on a chunk boundary, and yields nothing for an empty ledger', async () => {
    const full = ledgerOf(EXPORT_CHUNK);
    expect((await chunksOf(full.queries.publicMoney())).map((c) => c.length)).toEqual([EXPORT_CHUNK]);
    expect(full.calls).toHaveLength(2);
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
