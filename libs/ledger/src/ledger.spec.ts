import { PGlite } from '@electric-sql/pglite';
import { accounts, balances, ledgerTablesUp, postTransaction, Sql } from './ledger';

/** The double-entry ledger on a real (in-memory) PostgreSQL: its DDL, its posting rules and its balances. */
describe('ledger', () => {
  let db: PGlite;
  let sql: Sql & { statements: string[] };
  const schema = 'payouts';
  const at = new Date('2027-03-01T10:00:00Z');
  const tx = (reference: string, postings: { source: string; destination: string; amount: number; currency?: string }[], extra: Record<string, unknown> = {}) => ({
    reference,
    kind: 'test',
    occurredAt: at,
    postings: postings.map((p) => ({ currency: 'EUR', ...p })),
    ...extra,
  });
  const rows = async (q: string) => (await db.query<Record<string, unknown>>(q)).rows;

  beforeAll(async () => {
    db = new PGlite();
    const statements: string[] = [];
    sql = {
      statements,
      query: async (text: string, params?: unknown[]) => {
        statements.push(text);
        return (await db.query(text, params)).rows;
      },
    };
    await db.exec(`CREATE SCHEMA ${schema}`);
    for (const ddl of ledgerTablesUp(schema)) await db.exec(ddl);
  }, 60_000);
  afterAll(() => db?.close());

  it('posts a transaction once per reference, with its postings and references, and a replay is a no-op', async () => {
    const campaignId = '11111111-1111-4111-8111-111111111111';
    const trancheId = '22222222-2222-4222-8222-222222222222';
    const fundId = '33333333-3333-4333-8333-333333333333';
    const t = tx('ref-1', [{ source: accounts.donors, destination: accounts.crowdEscrow('c1'), amount: 2500 }], { campaignId, trancheId, fundId, metadata: { pledgeId: 'p1' } });
    expect(await postTransaction(sql, schema, t)).toBe(true);
    expect(await postTransaction(sql, schema, t)).toBe(false);
    expect(await rows(`SELECT reference, kind, campaign_id, tranche_id, fund_id, occurred_at, metadata FROM ${schema}.ledger_transactions WHERE reference = 'ref-1'`)).toEqual([
      { reference: 'ref-1', kind: 'test', campaign_id: campaignId, tranche_id: trancheId, fund_id: fundId, occurred_at: at, metadata: { pledgeId: 'p1' } },
    ]);
    expect(await rows(`SELECT source, destination, amount::int AS amount, currency FROM ${schema}.ledger_postings p JOIN ${schema}.ledger_transactions t ON t.id = p.tx_id WHERE t.reference = 'ref-1'`)).toEqual([
      { source: 'world:donors', destination: 'escrow:campaign:c1:crowd', amount: 2500, currency: 'EUR' },
    ]);
  });

  it('stores absent references and metadata as NULL and {}', async () => {
    expect(await postTransaction(sql, schema, tx('ref-bare', [{ source: 'a:bare', destination: 'b:bare', amount: 1 }]))).toBe(true);
    expect(await rows(`SELECT campaign_id, tranche_id, fund_id, metadata FROM ${schema}.ledger_transactions WHERE reference = 'ref-bare'`)).toEqual([
      { campaign_id: null, tranche_id: null, fund_id: null, metadata: {} },
    ]);
  });

  it('drops zero postings and keeps the others', async () => {
    expect(await postTransaction(sql, schema, tx('ref-zero', [{ source: 'a:z', destination: 'b:z', amount: 0 }, { source: 'a:z', destination: 'c:z', amount: 7 }]))).toBe(true);
    expect(await rows(`SELECT destination, amount::int AS amount FROM ${schema}.ledger_postings p JOIN ${schema}.ledger_transactions t ON t.id = p.tx_id WHERE t.reference = 'ref-zero'`)).toEqual([
      { destination: 'c:z', amount: 7 },
    ]);
  });

  it('refuses negative and fractional postings before writing anything', async () => {
    const before = sql.statements.length;
    await expect(postTransaction(sql, schema, tx('ref-neg', [{ source: 'a:n', destination: 'b:n', amount: -5 }]))).rejects.toThrow('posting a:n → b:n has a negative amount');
    await expect(postTransaction(sql, schema, tx('ref-frac', [{ source: 'a:n', destination: 'b:n', amount: 2.5 }]))).rejects.toThrow('posting a:n → b:n must be an integer number of cents');
    await expect(postTransaction(sql, schema, tx('ref-neg2', [{ source: 'a:n', destination: 'b:n', amount: 5 }, { source: 'a:n', destination: 'b:n', amount: -1 }]))).rejects.toThrow(RangeError);
    expect(sql.statements.length).toBe(before);
    expect(await rows(`SELECT reference FROM ${schema}.ledger_transactions WHERE reference LIKE 'ref-neg%' OR reference = 'ref-frac'`)).toEqual([]);
  });

  it('sums balances (in − out) per account and currency, for the accounts matching a pattern, in order', async () => {
    await postTransaction(sql, schema, tx('bal-1', [
      { source: 'world:donors', destination: 'escrow:campaign:k:crowd', amount: 1000 },
      { source: 'world:donors', destination: 'escrow:campaign:k:crowd', amount: 500, currency: 'CHF' },
    ]));
    await postTransaction(sql, schema, tx('bal-2', [
      { source: 'escrow:campaign:k:crowd', destination: 'payable:promoter:pk', amount: 300 },
      { source: 'fund:fk', destination: 'escrow:campaign:k:match:fk', amount: 200 },
    ]));
    expect(await balances(sql, schema, 'escrow:campaign:k:%')).toEqual([
      { account: 'escrow:campaign:k:crowd', currency: 'CHF', balance: 500 },
      { account: 'escrow:campaign:k:crowd', currency: 'EUR', balance: 700 },
      { account: 'escrow:campaign:k:match:fk', currency: 'EUR', balance: 200 },
    ]);
    expect(await balances(sql, schema, 'fund:fk')).toEqual([{ account: 'fund:fk', currency: 'EUR', balance: -200 }]);
    expect(await balances(sql, schema, 'nothing:%')).toEqual([]);
  });

  it('enforces in the database what the code promises: positive amounts, distinct accounts, append-only', async () => {
    const [{ id }] = await rows(`SELECT id FROM ${schema}.ledger_transactions WHERE reference = 'ref-1'`);
    await expect(db.query(`INSERT INTO ${schema}.ledger_postings (tx_id, source, destination, amount, currency) VALUES ($1, 'a', 'b', 0, 'EUR')`, [id])).rejects.toThrow(/check constraint/);
    await expect(db.query(`INSERT INTO ${schema}.ledger_postings (tx_id, source, destination, amount, currency) VALUES ($1, 'a', 'a', 5, 'EUR')`, [id])).rejects.toThrow(/check constraint/);
    await expect(db.query(`UPDATE ${schema}.ledger_postings SET amount = 1`)).rejects.toThrow(/append-only \(UPDATE on ledger_postings\)/);
    await expect(db.query(`DELETE FROM ${schema}.ledger_transactions`)).rejects.toThrow(/append-only \(DELETE on ledger_transactions\)/);
    await expect(db.query(`INSERT INTO ${schema}.ledger_transactions (id, reference, kind, occurred_at) VALUES (gen_random_uuid(), 'ref-1', 'dup', now())`)).rejects.toThrow(/unique/);
    const indexes = await rows(`SELECT indexname FROM pg_indexes WHERE schemaname = '${schema}' ORDER BY indexname`);
    expect(indexes.map((r) => r.indexname)).toEqual(expect.arrayContaining(['ledger_postings_destination', 'ledger_postings_source', 'ledger_transactions_campaign']));
  });

  it('names accounts as colon paths', () => {
    expect(accounts).toMatchObject({ donors: 'world:donors', promoters: 'world:promoters' });
    expect(accounts.crowdEscrow('c')).toBe('escrow:campaign:c:crowd');
    expect(accounts.matchEscrow('c', 'f')).toBe('escrow:campaign:c:match:f');
    expect(accounts.fund('f')).toBe('fund:f');
    expect(accounts.payable('p')).toBe('payable:promoter:p');
    expect(accounts.donorRefunds('c')).toBe('refunds:campaign:c:donors');
  });
});
