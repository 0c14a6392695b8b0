import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DonorShareRefundRequested, FundsReturned } from '@lib/contracts';
import { accounts, postTransaction } from '@lib/ledger';
import { OutboxWriter } from '@lib/messaging';
import { Clock, CLOCK, InjectTx, Tx } from '@lib/platform';

type PledgeMoney = { pledgeId: string; campaignId: string; amount: number; currency: string };

/**
 * The payouts ledger (double-entry, append-only): every posting of the service, in the caller's
 * transaction, each idempotent by its reference (a replay posts nothing and returns false). A
 * posting that always comes with its event appends it here, in the same call, only when it posted.
 */
@Injectable()
export class EscrowRepository {
  constructor(
    @InjectTx('payouts') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  collected(p: PledgeMoney): Promise<boolean> {
    return postTransaction(this.txHost.tx, 'payouts', {
      reference: `pledge:${p.pledgeId}:collected`,
      kind: 'pledge_collected',
      campaignId: p.campaignId,
      occurredAt: this.clock.now(),
      postings: [{ source: accounts.donors, destination: accounts.crowdEscrow(p.campaignId), amount: p.amount, currency: p.currency }],
    });
  }

  refunded(p: PledgeMoney): Promise<boolean> {
    return postTransaction(this.txHost.tx, 'payouts', {
      reference: `pledge:${p.pledgeId}:refunded`,
      kind: 'pledge_refunded',
      campaignId: p.campaignId,
      occurredAt: this.clock.now(),
      postings: [{ source: accounts.crowdEscrow(p.campaignId), destination: accounts.donors, amount: p.amount, currency: p.currency }],
    });
  }

  /** A refund after funding closed: `covered` out of the escrow, the rest (forced beyond it) out of the campaign's loss account. */
  refundedAfterClose(p: PledgeMoney & { covered: number }, now: Date): Promise<boolean> {
    return postTransaction(this.txHost.tx, 'payouts', {
      reference: `pledge:${p.pledgeId}:refunded`,
      kind: 'pledge_refunded',
      campaignId: p.campaignId,
      occurredAt: now,
      metadata: { afterClose: true, covered: p.covered },
      postings: [
        { source: accounts.crowdEscrow(p.campaignId), destination: accounts.donors, amount: p.covered, currency: p.currency },
        { source: accounts.forcedRefundLoss(p.campaignId), destination: accounts.donors, amount: p.amount - p.covered, currency: p.currency },
      ],
    });
  }

  matchCommitted(campaignId: string, fundId: string, amount: number, currency: string): Promise<boolean> {
    return postTransaction(this.txHost.tx, 'payouts', {
      reference: `campaign:${campaignId}:match:${fundId}:committed`,
      kind: 'match_committed',
      campaignId,
      fundId,
      occurredAt: this.clock.now(),
      postings: [{ source: accounts.fund(fundId), destination: accounts.matchEscrow(campaignId, fundId), amount, currency }],
    });
  }

  /** A refunded pledge's withdrawn match goes back to its fund (what the unreleased shares covered); matching hears funds.returned. */
  async returnWithdrawnMatch(
    w: { pledgeId: string; fundId: string; campaignId: string; withdrawn: number; covered: number; currency: string },
    now: Date,
  ): Promise<void> {
    const { pledgeId, fundId, campaignId, covered, currency } = w;
    const posted = await postTransaction(this.txHost.tx, 'payouts', {
      reference: `pledge:${pledgeId}:match-withdrawn:${fundId}`,
      kind: 'match_returned',
      campaignId,
      fundId,
      occurredAt: now,
      metadata: { pledgeId, withdrawn: w.withdrawn },
      postings: [{ source: accounts.matchEscrow(campaignId, fundId), destination: accounts.fund(fundId), amount: covered, currency }],
    });
    if (posted) {
      await this.outbox.append({
        contract: FundsReturned,
        aggregateId: fundId,
        occurredAt: now,
        payload: {
          returnId: randomUUID(),
          fundId,
          campaignId,
          amount: covered,
          currency,
          reason: `pledge ${pledgeId} refunded after funding closed: its match goes back`,
        },
      });
    }
  }

  /** The donors' share a milestone did not earn, set aside for refunds to the donors; pledges hears donor-share.refund-requested. */
  async forfeitDonorShare(f: { trancheId: string; campaignId: string; amount: number; currency: string; reason: string }, now: Date): Promise<void> {
    const { trancheId, campaignId, amount, currency } = f;
    const posted = await postTransaction(this.txHost.tx, 'payouts', {
      reference: `tranche:${trancheId}:donor-share-forfeited`,
      kind: 'donor_share_forfeited',
      campaignId,
      trancheId,
      occurredAt: now,
      postings: [{ source: accounts.crowdEscrow(campaignId), destination: accounts.donorRefunds(campaignId), amount, currency }],
    });
    if (posted) {
      await this.outbox.append({
        contract: DonorShareRefundRequested,
        aggregateId: trancheId,
        occurredAt: now,
        payload: { requestId: randomUUID(), campaignId, trancheId, amount, currency, reason: f.reason },
      });
    }
  }

  /** The match a milestone did not earn goes back to its fund; matching hears funds.returned. */
  async returnForfeitedMatch(
    f: { trancheId: string; campaignId: string; fundId: string; amount: number; currency: string; reason: string },
    now: Date,
  ): Promise<void> {
    const { trancheId, campaignId, fundId, amount, currency } = f;
    const posted = await postTransaction(this.txHost.tx, 'payouts', {
      reference: `tranche:${trancheId}:match-forfeited:${fundId}`,
      kind: 'match_returned',
      campaignId,
      trancheId,
      fundId,
      occurredAt: now,
      postings: [{ source: accounts.matchEscrow(campaignId, fundId), destination: accounts.fund(fundId), amount, currency }],
    });
    if (posted) {
      await this.outbox.append({
        contract: FundsReturned,
        aggregateId: fundId,
        occurredAt: now,
        payload: { returnId: randomUUID(), fundId, campaignId, amount, currency, reason: f.reason },
      });
    }
  }

  /** A released tranche's due amounts leave the escrow for the promoter's payable account (once per tranche). */
  released(r: {
    trancheId: string;
    campaignId: string;
    promoterId: string;
    currency: string;
    dueDonor: number;
    shares: { fundId: string; due: number }[];
    releasedBy: string;
  }) {
    const { trancheId, campaignId, currency } = r;
    return postTransaction(this.txHost.tx, 'payouts', {
      reference: `tranche:${trancheId}:released`,
      kind: 'tranche_released',
      campaignId,
      trancheId,
      occurredAt: this.clock.now(),
      metadata: { releasedBy: r.releasedBy },
      postings: [
        { source: accounts.crowdEscrow(campaignId), destination: accounts.payable(r.promoterId), amount: r.dueDonor, currency },
        ...r.shares.map((s) => ({ source: accounts.matchEscrow(campaignId, s.fundId), destination: accounts.payable(r.promoterId), amount: s.due, currency })),
      ],
    });
  }

  /** The promoter was paid (transfer or bank payment): the money leaves its payable account. */
  paid(t: { trancheId: string; campaignId: string; promoterId: string; currency: string }, amount: number, method: string, ref: string): Promise<boolean> {
    return postTransaction(this.txHost.tx, 'payouts', {
      reference: `tranche:${t.trancheId}:paid`,
      kind: 'tranche_paid',
      campaignId: t.campaignId,
      trancheId: t.trancheId,
      occurredAt: this.clock.now(),
      metadata: { method, ref },
      postings: [{ source: accounts.payable(t.promoterId), destination: accounts.promoters, amount, currency: t.currency }],
    });
  }

  /** The donors got their forfeited share back: it leaves the campaign's refunds account. */
  donorShareRefunded(r: { requestId: string; campaignId: string; amount: number; currency: string; pledges: unknown }): Promise<boolean> {
    return postTransaction(this.txHost.tx, 'payouts', {
      reference: `donor-refund:${r.requestId}:paid`,
      kind: 'donor_share_refunded',
      campaignId: r.campaignId,
      occurredAt: this.clock.now(),
      metadata: { pledges: r.pledges },
      postings: [{ source: accounts.donorRefunds(r.campaignId), destination: accounts.donors, amount: r.amount, currency: r.currency }],
    });
  }
}
