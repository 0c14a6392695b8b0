import { randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import type { OutboxWriter } from '@lib/messaging';
import { startEmbeddedPostgres, Tx } from '@lib/platform';
import { ReserveMatchesOnPledgeEvents } from '../consumers/reserve-matches-on-pledge-events.consumer';
import { MatchFinalization } from '../services/match-finalization';
import { Settlement } from '../services/settlement';
import { CampaignPledgeRepository } from './campaign-pledge.repository';
import { CampaignRepository } from './campaign.repository';
import { FinalizationRepository } from './finalization.repository';
import { FundRepository } from './fund.repository';
import { MatchRepository } from './match.repository';
import { RoundRepository } from './round.repository';
import { RuleRepository } from './rule.repository';
import { CreateMatching1767225600000 } from './migrations/1767225600000-create-matching';
import { MatchAllocations1767225600002 } from './migrations/1767225600002-match-allocations';
import { RulesRounds1767225600003 } from './migrations/1767225600003-rules-rounds';
import { PendingFinalizations1767225600004 } from './migrations/1767225600004-pending-finalizations';
import { FinalizationCaughtUp1767225600017 } from './migrations/1767225600017-finalization-caught-up';
import { MatchWithdrawals1767225600020 } from './migrations/1767225600020-match-withdrawals';
import { FundSourceShares1767225600030 } from './migrations/1767225600030-fund-source-shares';
import { RoundCutoffs1767225600041 } from './migrations/1767225600041-round-cutoffs';
import { RefundsCountedAtClose1767225600042 } from './migrations/1767225600042-refunds-counted-at-close';
import { MatchTotals1767225600043 } from './migrations/1767225600043-match-totals';

const MIGRATIONS = [
  CreateMatching1767225600000,
  MatchAllocations1767225600002,
  RulesRounds1767225600003,
  PendingFinalizations1767225600004,
  FinalizationCaughtUp1767225600017,
  MatchWithdrawals1767225600020,
  FundSourceShares1767225600030,
  RoundCutoffs1767225600041,
  RefundsCountedAtClose1767225600042,
  MatchTotals1767225600043,
];

/**
 * Matching's real repositories and pledge consumer over an in-memory PGlite (the embedded mode's
 * database) with matching's migrations, for the specs that must see the SQL run: one connection,
 * every statement counted; the outbox is a stand-in counted as the one INSERT it writes.
 */
export async function matchingOnPglite() {
  const pg = await startEmbeddedPostgres('memory');
  const pool = new Pool({ connectionString: pg.url, max: 1 });
  const client: PoolClient = await pool.connect();
  let statements = 0;
  const query = async (sql: string, params?: unknown[]) => {
    statements++;
    return (await client.query(sql, params)).rows;
  };
  const tx = { tx: { query }, isTransactionActive: () => true } as unknown as Tx;
  const outbox = { append: jest.fn(async () => void statements++) } as unknown as OutboxWriter;
  await client.query('CREATE SCHEMA matching');
  for (const M of MIGRATIONS) await new M().up({ query } as never);
  const campaigns = new CampaignRepository(tx);
  const pledges = new CampaignPledgeRepository(tx);
  const rules = new RuleRepository(tx);
  const funds = new FundRepository(tx);
  const matches = new MatchRepository(tx, funds, outbox);
  const finalizations = new FinalizationRepository(tx, outbox);
  const clock = { now: () => new Date() };
  const finalization = new MatchFinalization(tx, campaigns, pledges, finalizations, rules, new RoundRepository(tx, outbox), matches, clock);
  const consumer = new ReserveMatchesOnPledgeEvents(campaigns, pledges, rules, funds, matches, finalizations, finalization);
  const settlement = new Settlement(funds, matches, finalizations);
  return {
    query,
    outbox,
    matches,
    consumer,
    settlement,
    /** Statements run since the last call. */
    counted(): number {
      const n = statements;
      statements = 0;
      return n;
    },
    async fund(budget: number, currency = 'EUR'): Promise<string> {
      const id = randomUUID();
      await query(
        `INSERT INTO matching.funds (id, owner_id, name, currency, source_tags, budget_amount, available, reserved, committed, spent, returned)
         VALUES ($1, 'funder', 'fund', $3, '{}', $2, $2, 0, 0, 0, 0)`,
        [id, budget, currency],
      );
      return id;
    },
    async rule(fundId: string, type: string, params: object): Promise<string> {
      const id = randomUUID();
      await rules.insert({ id, fundId, type, params, eligibility: {}, createdAt: new Date() } as never);
      return id;
    },
    async campaign(goal: number, currency = 'EUR'): Promise<string> {
      const id = randomUUID();
      await query(
        `INSERT INTO matching.campaign_views (campaign_id, area, category, promoter_type, goal_amount, currency, published_at) VALUES ($1, 'a', 'c', 'p', $2, $3, now())`,
        [id, goal, currency],
      );
      return id;
    },
    async close(): Promise<void> {
      client.release();
      await pool.end();
      await pg.stop();
    },
  };
}
