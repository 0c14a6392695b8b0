/**
 * The figures each service reports about the money it holds in its OWN tables
 * (`GET /audit/<service>/figures`, admin), compared by `reconcile` (platform-audit.ts).
 */

/** What every service reports about its own messaging: rows not yet published, events given up on. */
export interface MessagingFigures {
  /** outbox rows not yet published: the other services have not heard everything yet */
  pendingOutbox: number;
  /** inbox rows dead-lettered: an event this service will never apply */
  deadLetters: number;
}

export interface PledgesFigures extends MessagingFigures {
  service: 'pledges';
  campaigns: {
    campaignId: string;
    currency: string;
    /** pledges ever collected (confirmed, including those refunded since) */
    collectedCount: number;
    collectedAmount: number;
    /** still confirmed (not refunded in full) */
    confirmedCount: number;
    confirmedAmount: number;
    /** refunded in full: count, and the money those refunds paid back (each pledge less what donors' share refunds paid of it before) */
    refundedCount: number;
    refundedAmount: number;
    /** paid back pro rata from a forfeited donors' share (pledges stay confirmed) */
    partialRefundedAmount: number;
    /** distinct donors with a confirmed pledge */
    backers: number;
  }[];
}

export interface CampaignsFigures extends MessagingFigures {
  service: 'campaigns';
  campaigns: {
    campaignId: string;
    status: string;
    /** the progress read model: raised (confirmed minus refunded), backers, pledges ever confirmed */
    raised: number;
    backers: number;
    confirmedPledges: number;
    matched: number;
  }[];
}

export interface MatchingFigures extends MessagingFigures {
  service: 'matching';
  funds: {
    fundId: string;
    currency: string;
    budget: number;
    available: number;
    reserved: number;
    committed: number;
    spent: number;
    returned: number;
    closed: boolean;
    /** returns received from payouts (forfeits, refunds): what payouts sent back to this fund */
    returnsReceived: number;
  }[];
  campaigns: {
    campaignId: string;
    confirmedCount: number;
    confirmedAmount: number;
    refundedCount: number;
    refundedAmount: number;
    /** live allocations in 'committed' state, per fund */
    committedByFund: { fundId: string; amount: number }[];
    reserved: number;
  }[];
  /** live match (reserved or committed) per rule and campaign, with the rule's caps as configured */
  ruleMatches: {
    ruleId: string;
    fundId: string;
    campaignId: string;
    type: 'ratio' | 'threshold' | 'quadratic';
    amount: number;
    /** the largest live match of one pledge / of one donor, under this rule in this campaign */
    maxPerPledge: number;
    maxPerDonor: number;
    /** the caps that bound `amount`, `maxPerPledge`, `maxPerDonor` (absent = no cap) */
    capPerCampaign?: number;
    capPerPledge?: number;
    capPerDonor?: number;
  }[];
}

export interface PayoutsFigures extends MessagingFigures {
  service: 'payouts';
  ledgerOk: boolean;
  ledgerViolations: number;
  campaigns: {
    campaignId: string;
    currency: string;
    /** pledge_collected transactions: count and sum (donors → crowd escrow) */
    collectedCount: number;
    collectedAmount: number;
    /** crowd escrow → donors directly (a pledge refunded in full) */
    refundedAmount: number;
    refundedCount: number;
    /** donor-share refunds paid (refunds account → donors) */
    donorShareRefundedAmount: number;
    crowdEscrow: number;
    /** released to the promoter (escrow → payable), crowd and match */
    releasedCrowd: number;
    releasedMatch: number;
    paidToPromoter: number;
    /**
     * per fund: committed into escrow, withdrawn from the tranche shares by refunds after the close (RefundsAfterClose),
     * still in escrow, planned in tranche shares
     */
    matchByFund: { fundId: string; committed: number; withdrawn?: number; escrow: number; planned: number; unreleased: number }[];
    /** the crowd's money planned in tranches (null: no plan yet) */
    plannedCrowd: number | null;
    /** what the tranches not yet released nor forfeited will still take from the crowd escrow (null: no plan) */
    unreleasedCrowd: number | null;
  }[];
  funds: {
    fundId: string;
    /** escrowed for campaigns now, released to promoters, returned to the fund, over all campaigns */
    escrow: number;
    released: number;
    returned: number;
  }[];
}

export interface PlatformFigures {
  campaigns: CampaignsFigures;
  pledges: PledgesFigures;
  matching: MatchingFigures;
  payouts: PayoutsFigures;
}
