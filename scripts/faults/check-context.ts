/** The figures the final checks read once and share, as every scenario's check module sees them. */
import type { Client } from 'pg';

export type MyPledge = { id: string; campaignId: string; status: string; amount: number; refundedAmount: number };
export type Round = {
  status: string;
  poolAmount: number;
  unallocatedAmount: number;
  results: { campaignId: string; donors: number; contributionsAmount: number; matchAmount: number }[];
};
/** What the checks of the scenarios read once and share: the citizens' pledges, the round, what the ledger paid, the funds' spending. */
export interface CheckContext {
  db: Client;
  mine: Map<string, MyPledge>;
  round: Round | undefined;
  /** the round counts the pledges confirmed before it ends */
  inRound: Map<string, { id: string; donor: string; amount: number }[]>;
  ledgerTranches: Map<string, { released: number; releasedTx: Set<string>; paid: number; paidTx: Set<string> }>;
  /** transfer reference -> tranche id */
  refs: Map<string, string>;
  spent: { ratio: number; threshold: number; quadratic: number };
  totalPledges: number;
}
