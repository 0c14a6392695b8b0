import { Inject, Injectable } from '@nestjs/common';
import { Clock, CLOCK, InjectTx, Tx } from '@lib/platform';

export interface PayoutAccount {
  method: string;
  stripeAccountId: string | null;
}

/** payouts.payout_accounts: how each promoter is paid (one row per promoter, the last choice wins). */
@Injectable()
export class PayoutAccountRepository {
  constructor(
    @InjectTx('payouts') private readonly txHost: Tx,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async find(promoterId: string): Promise<PayoutAccount | null> {
    const [account] = await this.txHost.tx.query(`SELECT * FROM payouts.payout_accounts WHERE promoter_id = $1`, [promoterId]);
    return account ? { method: account.method, stripeAccountId: account.stripe_account_id ?? null } : null;
  }

  async save(promoterId: string, method: string, accountId: string | null, iban: string | null, holder: string | null): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO payouts.payout_accounts (promoter_id, method, stripe_account_id, iban, account_holder, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (promoter_id) DO UPDATE SET method = EXCLUDED.method, stripe_account_id = EXCLUDED.stripe_account_id, iban = EXCLUDED.iban,
         account_holder = EXCLUDED.account_holder, updated_at = EXCLUDED.updated_at`,
      [promoterId, method, accountId, iban, holder, this.clock.now()],
    );
  }

  /** The Connect account the provider created for the promoter, kept only while Stripe Connect is still their choice. */
  async setStripeAccount(promoterId: string, accountId: string): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE payouts.payout_accounts SET stripe_account_id = $2, updated_at = $3 WHERE promoter_id = $1 AND method = 'stripe_connect'`,
      [promoterId, accountId, this.clock.now()],
    );
  }

  /** Provider calls are made outside database transactions: the caller checks with this. */
  isTransactionActive(): boolean {
    return this.txHost.isTransactionActive();
  }
}
