import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectTx, JobRegistry, Tx } from '@lib/platform';
import { Payouts } from '../commands/release-tranche.command';

/**
 * Released tranches not paid yet are paid (again) until they are: the transfer failed, the promoter
 * had no account yet, or the process died between the release's commit and its transfer (then no
 * error was recorded: every released tranche not awaiting an external bank payment is due). The
 * transfer's idempotency key is the tranche's, so a transfer that did go out is not made twice.
 */
@Injectable()
export class PayoutRetryJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobRegistry,
    @InjectTx('payouts') private readonly txHost: Tx,
    private readonly payouts: Payouts,
  ) {}

  onModuleInit(): void {
    this.jobs.register('payouts:retry-transfers', () => this.run());
  }

  async run(): Promise<number> {
    const due: { id: string }[] = await this.txHost.tx.query(
      `SELECT id FROM payouts.tranches
        WHERE status = 'released' AND payout_method IS DISTINCT FROM 'external' AND payout_attempts < 20
        ORDER BY released_at LIMIT 50`,
    );
    let paid = 0;
    for (const { id } of due) {
      await this.payouts.pay(id); // outside any transaction: it calls the payment provider
      const [t] = await this.txHost.tx.query(`SELECT status FROM payouts.tranches WHERE id = $1`, [id]);
      if (t.status === 'paid') paid++;
    }
    return paid;
  }
}
