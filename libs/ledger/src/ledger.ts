import { randomUUID } from 'node:crypto';
import { assertCents } from './money';

/** One movement: `amount` cents of `currency` leave `source` and enter `destination` (Formance-style). */
export interface Posting {
  source: string;
  destination: string;
  amount: number;
  currency: string;
}

export interface LedgerTransaction {
  /** Unique business reference (the event or command that caused it): posting twice is a no-op. */
  reference: string;
  kind: string;
  occurredAt: Date;
  campaignId?: string | null;
  trancheId?: string | null;
  fundId?: string | null;
  metadata?: Record<string, unknown>;
  postings: Posting[];
}

/** Something that runs SQL: a TypeORM EntityManager, DataSource or a pg client wrapper. */
export interface Sql {
  query(sql: string, params?: unknown[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** DDL of an append-only, double-entry ledger in `schema`. */
export function ledgerTablesUp(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `CREATE TABLE ${s}.ledger_transactions (
       id uuid PRIMARY KEY,
       reference text NOT NULL UNIQUE,
       kind text NOT NULL,
       campaign_id uuid,
       tranche_id uuid,
       fund_id uuid,
       occurred_at timestamptz NOT NULL,
       metadata jsonb NOT NULL DEFAULT '{}'
     )`,
    `CREATE TABLE ${s}.ledger_postings (
       id bigserial PRIMARY KEY,
       tx_id uuid NOT NULL REFERENCES ${s}.ledger_transactions(id),
       source text NOT NULL,
       destination text NOT NULL,
       amount bigint NOT NULL CHECK (amount > 0),
       currency char(3) NOT NULL,
       CHECK (source <> destination)
     )`,
    `CREATE INDEX ledger_postings_source ON ${s}.ledger_postings (source)`,
    `CREATE INDEX ledger_postings_destination ON ${s}.ledger_postings (destination)`,
    `CREATE INDEX ledger_transactions_campaign ON ${s}.ledger_transactions (campaign_id)`,
    // Append-only: corrections are new, reversing transactions; nothing is updated or deleted.
    `CREATE FUNCTION ${s}.ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'the ledger is append-only (% on %)', TG_OP, TG_TABLE_NAME; END $$`,
    `CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON ${s}.ledger_transactions
       FOR EACH ROW EXECUTE FUNCTION ${s}.ledger_append_only()`,
    `CREATE TRIGGER ledger_postings_append_only BEFORE UPDATE OR DELETE ON ${s}.ledger_postings FOR EACH ROW EXECUTE FUNCTION ${s}.ledger_append_only()`,
  ];
}

/**
 * Posts a transaction once per reference, in the caller's database transaction. Every posting
 * moves a positive integer amount from one account to another, so each transaction balances per
 * currency by construction. Returns false when the reference was already posted (a replay).
 */
export async function postTransaction(sql: Sql, schema: string, t: LedgerTransaction): Promise<boolean> {
  const postings = t.postings.filter((p) => p.amount !== 0);
  for (const p of postings) {
    assertCents(p.amount, `posting ${p.source} → ${p.destination}`);
    if (p.amount < 0) throw new RangeError(`posting ${p.source} → ${p.destination} has a negative amount`);
  }
  const id = randomUUID();
  const inserted: unknown[] = await sql.query(
    `INSERT INTO "${schema}".ledger_transactions (id, reference, kind, campaign_id, tranche_id, fund_id, occurred_at, metadata)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (reference) DO NOTHING RETURNING id`,
    [id, t.reference, t.kind, t.campaignId ?? null, t.trancheId ?? null, t.fundId ?? null, t.occurredAt, JSON.stringify(t.metadata ?? {})],
  );
  if (inserted.length === 0) return false;
  for (const p of postings) {
    await sql.query(`INSERT INTO "${schema}".ledger_postings (tx_id, source, destination, amount, currency) VALUES ($1, $2, $3, $4, $5)`, [
      id,
      p.source,
      p.destination,
      p.amount,
      p.currency,
    ]);
  }
  return true;
}

/** Balances (in − out) of the accounts whose name matches the LIKE `pattern`, per currency. */
export async function balances(sql: Sql, schema: string, pattern: string): Promise<{ account: string; currency: string; balance: number }[]> {
  const rows: { account: string; currency: string; balance: string }[] = await sql.query(
    `SELECT account, currency, sum(delta) AS balance FROM (
       SELECT destination AS account, currency, amount AS delta FROM "${schema}".ledger_postings WHERE destination LIKE $1
       UNION ALL
       SELECT source AS account, currency, -amount AS delta FROM "${schema}".ledger_postings WHERE source LIKE $1
     ) m GROUP BY account, currency ORDER BY account, currency`,
    [pattern],
  );
  return rows.map((r) => ({ account: r.account, currency: r.currency.trim(), balance: Number(r.balance) }));
}

/** Account names (colon paths, Formance-style). */
export const accounts = {
  donors: 'world:donors',
  promoters: 'world:promoters',
  crowdEscrow: (campaignId: string) => `escrow:campaign:${campaignId}:crowd`,
  matchEscrow: (campaignId: string, fundId: string) => `escrow:campaign:${campaignId}:match:${fundId}`,
  fund: (fundId: string) => `fund:${fundId}`,
  payable: (promoterId: string) => `payable:promoter:${promoterId}`,
  donorRefunds: (campaignId: string) => `refunds:campaign:${campaignId}:donors`,
  /** What the platform paid back beyond a campaign's escrow (a refund the provider forced after a release): a receivable, raised as an open item. */
  forcedRefundLoss: (campaignId: string) => `loss:campaign:${campaignId}:forced-refunds`,
};
