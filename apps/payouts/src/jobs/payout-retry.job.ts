import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectTx, JobRegistry, Tx } from '@lib/platform';
import { Payouts } from '../commands/release-tranche.command';

/** Released tranches whose transfer failed (or whose promoter had no account yet) are paid again until they are. */
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
      `SELECT id FROM payouts.tranches WHERE status = 'released' AND payout_error IS NOT NULL AND payout_attempts < 20 ORDER BY released_at LIMIT 50`,
    );
    let paid = 0;
    for (const { id } of due) {
      await this.txHost.withTransaction(() => this.payouts.pay(id));
      const [t] = await this.txHost.tx.query(`SELECT status FROM payouts.tranches WHERE id = $1`, [id]);
      if (t.status === 'paid') paid++;
    }
    return paid;
  }
}
