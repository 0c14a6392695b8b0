import { PGlite } from '@electric-sql/pglite';
import { accounts, balances, LedgerTransaction, ledgerTablesUp, postTransaction, Sql } from './ledger';

const at = new Date('2027-03-01T10:00:00Z');
const tx = (
  reference: string,
  postings: { source: string; destination: string; amount: number; currency?: string }[],
  extra: Partial<LedgerTransaction> = {},
): LedgerTransaction => ({
  reference,
  kind: 'test',
  occurredAt: at,
  postings: postings.map((p) => ({ currency: 'EUR', ...p })),
  ...extra,
});

/** A Sql that records every statement and answers the transaction insert as PostgreSQL would (ON CONFLICT DO NOTHING). */
function recordingSql(): Sql & { calls: { sql: string; params: unknown[] }[] } {
  const references = new Set<string>();
  const calls: { sql: string; params: unknown[] }[] = [];
  return {
    calls,
    query: async (sql: string, params: unknown[] = []) => {
      calls.push({ sql, params });
      if (sql.includes('ledger_transactions')) {
        const reference = params[1] as string;
        if (references.has(reference)) return [];
        references.add(reference);
        return [{ id: params[0] }];
      }
      return [];
    },
  };
}

describe('postTransaction (the posting rules)', () => {
  it('writes the transaction with its references, then each posting under its id; a replay of the reference writes nothing more', async () => {
    const sql = recordingSql();
    const t = tx('ref-1', [{ source: accounts.donors, destination: accounts.crowdEscrow('c1'), amount: 2500 }], {
      campaignId: 'c1',
      trancheId: 't1',
      fundId: 'f1',
      metadata: { pledgeId: 'p1' },
    });
    expect(await postTransaction(sql, 'payouts', t)).toBe(true);
    expect(sql.calls).toHaveLength(2);
    const [header, posting] = sql.calls;
    expect(header.sql).toMatch(/^INSERT INTO "payouts"\.ledger_transactions .* ON CONFLICT \(reference\) DO NOTHING RETURNING id$/s);
    expect(header.params).toEqual([expect.any(String), 'ref-1', 'test', 'c1', 't1', 'f1', at, '{"pledgeId":"p1"}']);
    expect(posting.sql).toMatch(/^INSERT INTO "payouts"\.ledger_postings \(tx_id, source, destination, amount, currency\)/);
    expect(posting.params).toEqual([header.params[0], 'world:donors', 'escrow:campaign:c1:crowd', 2500, 'EUR']);
    expect(await postTransaction(sql, 'payouts', t)).toBe(false);
    expect(sql.calls).toHaveLength(3); // the replay's conflicting insert only
  });

  it('writes absent references as NULL and absent metadata as {}', async () => {
    const sql = recordingSql();
    await postTransaction(sql, 'payouts', tx('ref-bare', [{ source: 'a', destination: 'b', amount: 1 }]));
    expect(sql.calls[0].params.slice(3)).toEqual([null, null, null, at, '{}']);
  });

  it('drops zero postings and keeps every other one, in order', async () => {
    const sql = recordingSql();
    await postTransaction(
      sql,
      'payouts',
      tx('ref-zero', [
        { source: 'a', destination: 'b', amount: 0 },
        { source: 'a', destination: 'c', amount: 7 },
        { source: 'a', destination: 'd', amount: 8 },
      ]),
    );
    expect(sql.calls.slice(1).map((c) => c.params.slice(2, 4))).toEqual([
      ['c', 7],
      ['d', 8],
    ]);
  });

  it('refuses negative and fractional postings before writing anything', async () => {
    const sql = recordingSql();
    await expect(postTransaction(sql, 'payouts', tx('ref-neg', [{ source: 'a:n', destination: 'b:n', amount: -5 }]))).rejects.toThrow(
      new RangeError('posting a:n → b:n has a negative amount'),
    );
    await expect(postTransaction(sql, 'payouts', tx('ref-frac', [{ source: 'a:n', destination: 'b:n', amount: 2.5 }]))).rejects.toThrow(
      'posting a:n → b:n must be an integer number of cents',
    );
    await expect(
      postTransaction(
        sql,
        'payouts',
        tx('ref-neg2', [
          { source: 'a', destination: 'b', amount: 5 },
          { source: 'a', destination: 'b', amount: -1 },
        ]),
      ),
    ).rejects.toThrow(RangeError);
    expect(sql.calls).toEqual([]);
  });
});

describe('ledger accounts', () => {
  it('names accounts as colon paths', () => {
    expect(accounts).toMatchObject({ donors: 'world:donors', promoters: 'world:promoters' });
    expect(accounts.crowdEscrow('c')).toBe('escrow:campaign:c:crowd');
    expect(accounts.matchEscrow('c', 'f')).toBe('escrow:campaign:c:match:f');
    expect(accounts.fund('f')).toBe('fund:f');
    expect(accounts.payable('p')).toBe('payable:promoter:p');
    expect(accounts.donorRefunds('c')).toBe('refunds:campaign:c:donors');
    expect(accounts.forcedRefundLoss('c')).toBe('loss:campaign:c:forced-refunds');
  });
});

/** The DDL and the balance query on a real (in-memory) PostgreSQL: one self-contained case. */
describe('ledger on PostgreSQL', () => {
  it('creates an append-only, double-entry ledger whose balances are in − out per account and currency', async () => {
    const db = new PGlite();
    try {
      const sql: Sql = { query: async (text: string, params?: unknown[]) => (await db.query(text, params)).rows };
      await db.exec('CREATE SCHEMA payouts');
      for (const ddl of ledgerTablesUp('payouts')) await db.exec(ddl);
      const post = (reference: string, postings: { source: string; destination: string; amount: number; currency?: string }[]) =>
        postTransaction(sql, 'payouts', tx(reference, postings));
      expect(
        await post('bal-1', [
          { source: 'world:donors', destination: 'escrow:campaign:k:crowd', amount: 1000 },
          { source: 'world:donors', destination: 'escrow:campaign:k:crowd', amount: 500, currency: 'CHF' },
        ]),
      ).toBe(true);
      await post('bal-2', [
        { source: 'escrow:campaign:k:crowd', destination: 'payable:promoter:pk', amount: 300 },
        { source: 'fund:fk', destination: 'escrow:campaign:k:match:fk', amount: 200 },
      ]);
      expect(await post('bal-2', [{ source: 'fund:fk', destination: 'x', amount: 1 }])).toBe(false);
      expect(await balances(sql, 'payouts', 'escrow:campaign:k:%')).toEqual([
        { account: 'escrow:campaign:k:crowd', currency: 'CHF', balance: 500 },
        { account: 'escrow:campaign:k:crowd', currency: 'EUR', balance: 700 },
        { account: 'escrow:campaign:k:match:fk', currency: 'EUR', balance: 200 },
      ]);
      expect(await balances(sql, 'payouts', 'fund:fk')).toEqual([{ account: 'fund:fk', currency: 'EUR', balance: -200 }]);
      expect(await balances(sql, 'payouts', 'nothing:%')).toEqual([]);

      const [{ id }] = (await db.query<{ id: string }>(`SELECT id FROM payouts.ledger_transactions WHERE reference = 'bal-1'`)).rows;
      const insert = (source: string, destination: string, amount: number) =>
        db.query(`INSERT INTO payouts.ledger_postings (tx_id, source, destination, amount, currency) VALUES ($1, $2, $3, $4, 'EUR')`, [
          id,
          source,
          destination,
          amount,
        ]);
      await expect(insert('a', 'b', 0)).rejects.toThrow(/check constraint/);
      await expect(insert('a', 'a', 5)).rejects.toThrow(/check constraint/);
      await expect(db.query(`UPDATE payouts.ledger_postings SET amount = 1`)).rejects.toThrow(/append-only \(UPDATE on ledger_postings\)/);
      await expect(db.query(`DELETE FROM payouts.ledger_transactions`)).rejects.toThrow(/append-only \(DELETE on ledger_transactions\)/);
      await expect(
        db.query(`INSERT INTO payouts.ledger_transactions (id, reference, kind, occurred_at) VALUES (gen_random_uuid(), 'bal-1', 'dup', now())`),
      ).rejects.toThrow(/unique/);
      const indexes = (await db.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = 'payouts' ORDER BY indexname`)).rows.map(
        (r) => r.indexname,
      );
      expect(indexes).toEqual(expect.arrayContaining(['ledger_postings_destination', 'ledger_postings_source', 'ledger_transactions_campaign']));
    } finally {
      await db.close();
    }
  }, 120_000);
});
