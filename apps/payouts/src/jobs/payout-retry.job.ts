import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '@lib/platform';
import { Payouts } from '../payments/tranche-payout';
import { TrancheRepository } from '../persistence/tranche.repository';

/**
 * Released tranches not paid yet are paid (again) until they are: the transfer failed, the promoter
 * had no account yet, or the process died between the release's commit and its transfer (then no
 * error was recorded: every released tranche not awaiting an external bank payment is due). The
 * transfer's idempotency key is the tranche's, so a transfer that did go out is not made twice.
 * One tranche that cannot be paid now (an unexpected error, e.g. its database write) never holds up
 * the others: it is logged and tried again on the next run.
 */
@Injectable()
export class PayoutRetryJob implements OnModuleInit {
  private readonly logger = new Logger('payouts:retry');

  constructor(
    private readonly jobs: JobRegistry,
    private readonly tranches: TrancheRepository,
    private readonly payouts: Payouts,
  ) {}

  onModuleInit(): void {
    this.jobs.register('payouts:retry-transfers', () => this.run());
  }

  async run(): Promise<number> {
    const due = await this.tranches.dueForTransfer();
    let paid = 0;
    for (const id of due) {
      try {
        await this.payouts.pay(id); // outside any transaction: it calls the payment provider
        if ((await this.tranches.currentStatus(id)) === 'paid') paid++;
      } catch (e) {
        this.logger.warn(`tranche ${id} not paid on this run, tried again on the next: ${(e as Error).message}`);
      }
    }
    return paid;
  }
}
