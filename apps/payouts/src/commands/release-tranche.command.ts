import { Inject, Injectable, Logger } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { TrancheReleased } from '@lib/contracts';
import { accounts, postTransaction } from '@lib/ledger';
import { OutboxWriter } from '@lib/messaging';
import { Actor, Clock, CLOCK, DomainError, Forbidden, hasRole, InjectTx, NotFound, Tx } from '@lib/platform';
import { PAYOUT_GATEWAY, PayoutGateway } from '../payments/payout-gateway';
import { TrancheSettlement } from './tranche-settlement';

export class ReleaseTrancheCommand extends Command<{ id: string; status: string }> {
  constructor(
    readonly actor: Actor,
    readonly trancheId: string,
  ) {
    super();
  }
}

export class ConfirmExternalPaymentCommand extends Command<{ id: string; status: string }> {
  constructor(
    readonly actor: Actor,
    readonly trancheId: string,
    readonly bankReference: string,
  ) {
    super();
  }
}

/**
 * Pays a released tranche: a Stripe Connect transfer, or instructions for an external bank payment.
 * No network call inside a database transaction: the release commits first (tranche `released`,
 * the transfer pending), then `pay` runs outside any transaction — a short transaction reads what
 * to pay, the transfer goes out with an idempotency key made of our ids
 * (`tranche:<id>:transfer:v1`, see StripePayouts), and another short transaction records it paid
 * under the tranche's row lock (once: a concurrent or repeated pay finds it paid and stops). If the
 * process dies between the commit and the transfer, or the transfer fails, the tranche stays
 * `released` and PayoutRetryJob pays it; Stripe answers a repeated key with the same transfer.
 */
@Injectable()
export class Payouts {
  private readonly logger = new Logger('payouts');
  constructor(
    @InjectTx('payouts') private readonly txHost: Tx,
    @Inject(PAYOUT_GATEWAY) private readonly gateway: PayoutGateway,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly settlement: TrancheSettlement,
  ) {}

  static transferKey(trancheId: string): string {
    return `tranche:${trancheId}:transfer:v1`;
  }

  async pay(trancheId: string): Promise<void> {
    if (this.txHost.isTransactionActive()) throw new Error(`Payouts.pay(${trancheId}) calls the payment provider: call it after commit, outside any transaction`);
    const transfer = await this.txHost.withTransaction(async () => {
      const tx = this.txHost.tx;
      const [t] = await tx.query(`SELECT * FROM payouts.tranches WHERE id = $1 FOR UPDATE`, [trancheId]);
      if (!t || t.status !== 'released' || t.payout_method === 'external') return null;
      const [account] = await tx.query(`SELECT * FROM payouts.payout_accounts WHERE promoter_id = $1`, [t.promoter_id]);
      if (!account) {
        await tx.query(`UPDATE payouts.tranches SET payout_error = 'the promoter has no payout account yet' WHERE id = $1`, [trancheId]);
        return null;
      }
      if (account.method === 'external') {
        await tx.query(`UPDATE payouts.tranches SET payout_method = 'external', payout_ref = $2, payout_error = NULL WHERE id = $1`, [trancheId, `CIVIC-${trancheId.slice(0, 8).toUpperCase()}`]);
        return null;
      }
      const amount = await this.dueTotal(trancheId, Number(t.due_donor));
      return { trancheId, campaignId: t.campaign_id as string, accountId: account.stripe_account_id as string, amount, currency: (t.currency as string).trim() };
    });
    if (!transfer) return;
    let transferId: string;
    try {
      ({ transferId } = await this.gateway.transfer(transfer)); // outside any transaction
    } catch (e) {
      // Never lost: the tranche stays released and the retry job tries again (same idempotency key).
      this.logger.warn(`transfer of tranche ${trancheId} failed: ${(e as Error).message}`);
      await this.txHost.withTransaction(() =>
        this.txHost.tx.query(`UPDATE payouts.tranches SET payout_attempts = payout_attempts + 1, payout_error = $2 WHERE id = $1 AND status = 'released'`, [trancheId, (e as Error).message]),
      );
      return;
    }
    await this.txHost.withTransaction(async () => {
      const [t] = await this.txHost.tx.query(`SELECT * FROM payouts.tranches WHERE id = $1 FOR UPDATE`, [trancheId]);
      if (t.status !== 'released') return; // paid meanwhile by a concurrent pay of the same transfer
      await this.markPaid(t, transfer.amount, 'stripe_connect', transferId);
    });
  }

  async statusOf(trancheId: string): Promise<{ id: string; status: string }> {
    const [t] = await this.txHost.tx.query(`SELECT id, status FROM payouts.tranches WHERE id = $1`, [trancheId]);
    return t;
  }

  async markPaid(t: { id: string; campaign_id: string; promoter_id: string; currency: string }, amount: number, method: string, ref: string): Promise<void> {
    await postTransaction(this.txHost.tx, 'payouts', {
      reference: `tranche:${t.id}:paid`, kind: 'tranche_paid', campaignId: t.campaign_id, trancheId: t.id, occurredAt: this.clock.now(), metadata: { method, ref },
      postings: [{ source: accounts.payable(t.promoter_id), destination: accounts.promoters, amount, currency: t.currency.trim() }],
    });
    await this.txHost.tx.query(`UPDATE payouts.tranches SET status = 'paid', paid_at = $2, payout_method = $3, payout_ref = $4, payout_error = NULL WHERE id = $1`, [t.id, this.clock.now(), method, ref]);
    await this.settlement.reportIfSettled(t.campaign_id);
  }

  /**
   * Who may release the tranche and confirm its payment (besides an admin): the funders whose funds
   * hold a share of it, and the funder that owns the campaign's call — so a tranche holding only the
   * crowd's money (keep-it-all without match) is not left to admins alone (issue 17 #20).
   */
  async mayRelease(actor: Actor, trancheId: string, campaignId: string): Promise<boolean> {
    if (hasRole(actor, 'admin')) return true;
    if (!hasRole(actor, 'funder')) return false;
    if ((await this.fundersOf(trancheId)).includes(actor.id)) return true;
    const [view] = await this.txHost.tx.query(`SELECT call_owner_id FROM payouts.campaign_views WHERE campaign_id = $1`, [campaignId]);
    return !!view?.call_owner_id && view.call_owner_id === actor.id;
  }

  /** The funders whose funds hold a share of the tranche. */
  async fundersOf(trancheId: string): Promise<string[]> {
    const rows: { funder_id: string }[] = await this.txHost.tx.query(
      `SELECT DISTINCT f.funder_id FROM payouts.tranche_match_shares s JOIN payouts.fund_views f ON f.fund_id = s.fund_id WHERE s.tranche_id = $1 AND s.amount > 0`,
      [trancheId],
    );
    return rows.map((r) => r.funder_id);
  }

  async dueTotal(trancheId: string, dueDonor: number): Promise<number> {
    const [m] = await this.txHost.tx.query(`SELECT coalesce(sum(due), 0) AS due FROM payouts.tranche_match_shares WHERE tranche_id = $1`, [trancheId]);
    return dueDonor + Number(m.due);
  }
}

/**
 * A funder with a match share in the tranche, the funder owning the call, or an admin, releases an
 * eligible tranche: its due amounts leave the escrow for the promoter's payable account (one ledger
 * transaction, once) and the tranche is `released` (transfer pending). Under the tranche's row
 * lock, so 20 concurrent releases move the money once; the others get 409. The payout itself runs
 * after commit (PayAfterCommit on the route, or PayoutRetryJob), never inside this transaction.
 */
@CommandHandler(ReleaseTrancheCommand)
export class ReleaseTrancheHandler implements ICommandHandler<ReleaseTrancheCommand> {
  constructor(
    @InjectTx('payouts') private readonly txHost: Tx,
    private readonly payouts: Payouts,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Transactional('payouts')
  async execute({ actor, trancheId }: ReleaseTrancheCommand) {
    const tx = this.txHost.tx;
    const [t] = await tx.query(`SELECT * FROM payouts.tranches WHERE id = $1 FOR UPDATE`, [trancheId]);
    if (!t) throw new NotFound('Tranche', trancheId);
    if (!(await this.payouts.mayRelease(actor, trancheId, t.campaign_id))) {
      throw new Forbidden("Only a funder with a match share in this tranche, the funder owning the campaign's call, or an admin, may release it");
    }
    if (t.status !== 'eligible') throw new DomainError('TRANCHE_NOT_ELIGIBLE', 'conflict', `Tranche ${trancheId} is ${t.status}; only an eligible tranche can be released`);
    const currency = t.currency.trim();
    const shares: { fund_id: string; due: string }[] = await tx.query(`SELECT fund_id, due FROM payouts.tranche_match_shares WHERE tranche_id = $1 ORDER BY fund_id`, [trancheId]);
    await postTransaction(tx, 'payouts', {
      reference: `tranche:${trancheId}:released`, kind: 'tranche_released', campaignId: t.campaign_id, trancheId, occurredAt: this.clock.now(), metadata: { releasedBy: actor.id },
      postings: [
        { source: accounts.crowdEscrow(t.campaign_id), destination: accounts.payable(t.promoter_id), amount: Number(t.due_donor), currency },
        ...shares.map((s) => ({ source: accounts.matchEscrow(t.campaign_id, s.fund_id), destination: accounts.payable(t.promoter_id), amount: Number(s.due), currency })),
      ],
    });
    await tx.query(`UPDATE payouts.tranches SET status = 'released', released_at = $2 WHERE id = $1`, [trancheId, this.clock.now()]);
    await this.outbox.append({
      contract: TrancheReleased, aggregateId: trancheId, occurredAt: this.clock.now(),
      payload: { trancheId, campaignId: t.campaign_id, donorAmount: Number(t.due_donor), currency, matchShares: shares.map((s) => ({ fundId: s.fund_id, amount: Number(s.due) })) },
    });
    return { id: trancheId as string, status: 'released' };
  }
}

/** The funder's treasury paid a released tranche by bank transfer: record it with its reference. */
@CommandHandler(ConfirmExternalPaymentCommand)
export class ConfirmExternalPaymentHandler implements ICommandHandler<ConfirmExternalPaymentCommand> {
  constructor(
    @InjectTx('payouts') private readonly txHost: Tx,
    private readonly payouts: Payouts,
  ) {}

  @Transactional('payouts')
  async execute({ actor, trancheId, bankReference }: ConfirmExternalPaymentCommand) {
    const tx = this.txHost.tx;
    const [t] = await tx.query(`SELECT * FROM payouts.tranches WHERE id = $1 FOR UPDATE`, [trancheId]);
    if (!t) throw new NotFound('Tranche', trancheId);
    if (!(await this.payouts.mayRelease(actor, trancheId, t.campaign_id))) throw new Forbidden("Only a funder of this tranche, the funder owning the campaign's call, or an admin, may confirm its payment");
    if (t.status !== 'released' || t.payout_method !== 'external') {
      throw new DomainError('TRANCHE_NOT_AWAITING_BANK_PAYMENT', 'conflict', `Tranche ${trancheId} is ${t.status} and not awaiting an external payment`);
    }
    await this.payouts.markPaid(t, await this.payouts.dueTotal(trancheId, Number(t.due_donor)), 'external', bankReference);
    return { id: trancheId, status: 'paid' };
  }
}
