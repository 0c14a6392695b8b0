import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor, Clock, CLOCK, DomainError, InjectTx, Tx } from '@lib/platform';
import { isValidIban } from '../domain/iban';
import { PayoutAccountDto } from '../http/payouts.dto';
import { PAYOUT_GATEWAY, PayoutGateway } from '../payments/payout-gateway';

export class SetPayoutAccountCommand extends Command<{ method: string; onboardingUrl?: string; iban?: string }> {
  constructor(
    readonly actor: Actor,
    readonly input: PayoutAccountDto,
  ) {
    super();
  }
}

/** A promoter chooses how to be paid: Stripe Connect (Express onboarding link) or an external bank account (IBAN). */
@CommandHandler(SetPayoutAccountCommand)
export class SetPayoutAccountHandler implements ICommandHandler<SetPayoutAccountCommand> {
  constructor(
    @InjectTx('payouts') private readonly txHost: Tx,
    @Inject(PAYOUT_GATEWAY) private readonly gateway: PayoutGateway,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Transactional('payouts')
  async execute({ actor, input }: SetPayoutAccountCommand) {
    if (input.method === 'external') {
      if (!input.iban || !isValidIban(input.iban) || !input.accountHolder) {
        throw new DomainError('PAYOUT_ACCOUNT_INVALID', 'invalid', 'An external payout needs a valid IBAN and the account holder');
      }
      const iban = input.iban.replace(/\s+/g, '').toUpperCase();
      await this.save(actor.id, 'external', null, iban, input.accountHolder);
      return { method: 'external', iban: `${iban.slice(0, 4)}…${iban.slice(-4)}` };
    }
    const { accountId, onboardingUrl } = await this.gateway.createAccount(actor.id, input.country ?? 'IT');
    await this.save(actor.id, 'stripe_connect', accountId, null, null);
    return { method: 'stripe_connect', onboardingUrl };
  }

  private save(promoterId: string, method: string, accountId: string | null, iban: string | null, holder: string | null) {
    return this.txHost.tx.query(
      `INSERT INTO payouts.payout_accounts (promoter_id, method, stripe_account_id, iban, account_holder, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (promoter_id) DO UPDATE SET method = EXCLUDED.method, stripe_account_id = EXCLUDED.stripe_account_id, iban = EXCLUDED.iban,
         account_holder = EXCLUDED.account_holder, updated_at = EXCLUDED.updated_at`,
      [promoterId, method, accountId, iban, holder, this.clock.now()],
    );
  }
}
