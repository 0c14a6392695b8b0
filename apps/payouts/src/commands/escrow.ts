import { Inject, Injectable } from '@nestjs/common';
import { accounts, postTransaction } from '@lib/ledger';
import { Clock, CLOCK, InjectTx, Tx } from '@lib/platform';

/** Ledger writes of the payouts service, in the caller's transaction (each idempotent by reference). */
@Injectable()
export class Escrow {
  constructor(
    @InjectTx('payouts') private readonly txHost: Tx,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  collected(p: { pledgeId: string; campaignId: string; amount: number; currency: string }) {
    return postTransaction(this.txHost.tx, 'payouts', {
      reference: `pledge:${p.pledgeId}:collected`, kind: 'pledge_collected', campaignId: p.campaignId, occurredAt: this.clock.now(),
      postings: [{ source: accounts.donors, destination: accounts.crowdEscrow(p.campaignId), amount: p.amount, currency: p.currency }],
    });
  }

  refunded(p: { pledgeId: string; campaignId: string; amount: number; currency: string }) {
    return postTransaction(this.txHost.tx, 'payouts', {
      reference: `pledge:${p.pledgeId}:refunded`, kind: 'pledge_refunded', campaignId: p.campaignId, occurredAt: this.clock.now(),
      postings: [{ source: accounts.crowdEscrow(p.campaignId), destination: accounts.donors, amount: p.amount, currency: p.currency }],
    });
  }

  matchCommitted(campaignId: string, fundId: string, amount: number, currency: string) {
    return postTransaction(this.txHost.tx, 'payouts', {
      reference: `campaign:${campaignId}:match:${fundId}:committed`, kind: 'match_committed', campaignId, fundId, occurredAt: this.clock.now(),
      postings: [{ source: accounts.fund(fundId), destination: accounts.matchEscrow(campaignId, fundId), amount, currency }],
    });
  }
}
