import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor, DomainError } from '@lib/platform';
import { isValidIban } from '../domain/iban';
import { PayoutsErrorCode } from '../payouts.errors';
import { PayoutAccountRepository } from '../persistence/payout-account.repository';

/** The command's own input (the controller maps PayoutAccountDto to it). */
export interface PayoutAccountInput {
  method: 'stripe_connect' | 'external';
  iban?: string;
  accountHolder?: string;
  country?: string;
}

export class SetPayoutAccountCommand extends Command<{ method: string; iban?: string }> {
  constructor(
    readonly actor: Actor,
    readonly input: PayoutAccountInput,
  ) {
    super();
  }
}

/**
 * A promoter chooses how to be paid: an external bank account (IBAN), or Stripe Connect — the choice
 * is stored here, and the Connect account and its onboarding link are made after commit
 * (payments/connect-onboarding.interceptor.ts), since no provider call runs inside a transaction.
 */
@CommandHandler(SetPayoutAccountCommand)
export class SetPayoutAccountHandler implements ICommandHandler<SetPayoutAccountCommand> {
  constructor(private readonly accounts: PayoutAccountRepository) {}

  @Transactional('payouts')
  async execute({ actor, input }: SetPayoutAccountCommand) {
    if (input.method === 'external') {
      if (!input.iban || !isValidIban(input.iban) || !input.accountHolder) {
        throw new DomainError(PayoutsErrorCode.PAYOUT_ACCOUNT_INVALID, 'invalid', 'An external payout needs a valid IBAN and the account holder');
      }
      const iban = input.iban.replace(/\s+/g, '').toUpperCase();
      await this.accounts.save(actor.id, 'external', null, iban, input.accountHolder);
      return { method: 'external', iban: `${iban.slice(0, 4)}…${iban.slice(-4)}` };
    }
    // A Connect account created before stays the promoter's (the provider keys it by promoter): kept, not forgotten.
    const current = await this.accounts.find(actor.id);
    await this.accounts.save(actor.id, 'stripe_connect', current?.method === 'stripe_connect' ? current.stripeAccountId : null, null, null);
    return { method: 'stripe_connect' };
  }
}
