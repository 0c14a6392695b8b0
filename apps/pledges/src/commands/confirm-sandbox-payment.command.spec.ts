import type { Actor } from '@lib/platform';
import { PledgeStatus } from '../domain/pledge';
import type { PledgeEntity } from '../persistence/pledge.entity';
import type { PledgeRepository } from '../persistence/pledge.repository';
import { PledgesErrorCode } from '../pledges.errors';
import { ConfirmSandboxPaymentCommand, ConfirmSandboxPaymentHandler } from './confirm-sandbox-payment.command';
import type { PaymentOutcomes } from '../services/payment-outcomes';

// The transaction is the platform's (e2e suites run it): here @Transactional is a pass-through.
jest.mock('@nestjs-cls/transactional', () => ({ ...jest.requireActual('@nestjs-cls/transactional'), Transactional: () => () => undefined }));

const donor = { id: 'donor-1', roles: ['citizen'] } as unknown as Actor;
const other = { id: 'donor-2', roles: ['citizen'] } as unknown as Actor;
const GOOD = '4242424242424242';
const DECLINED = '4000000000000002';

function build(status: PledgeStatus = 'requires_payment', paymentProvider = 'sandbox') {
  const stored = { id: 'p1', donorId: 'donor-1', status, paymentProvider } as PledgeEntity;
  const pledges = { getForUpdate: jest.fn(async () => stored), reload: jest.fn(async () => ({ ...stored, status: 'confirmed' })) };
  const outcomes = { succeeded: jest.fn(async () => 'confirmed'), failed: jest.fn(async () => 'failed') };
  const handler = new ConfirmSandboxPaymentHandler(pledges as unknown as PledgeRepository, outcomes as unknown as PaymentOutcomes);
  return { handler, pledges, outcomes, stored };
}
const run = (h: ConfirmSandboxPaymentHandler, actor: Actor, card: string) => h.execute(new ConfirmSandboxPaymentCommand(actor, 'p1', card));

describe('ConfirmSandboxPaymentHandler', () => {
  it('charges a good test card: the success goes through PaymentOutcomes, and the pledge is answered as it is now', async () => {
    const { handler, pledges, outcomes, stored } = build();
    expect(await run(handler, donor, GOOD)).toMatchObject({ status: 'confirmed' });
    expect(pledges.getForUpdate).toHaveBeenCalledWith('p1');
    expect(outcomes.succeeded).toHaveBeenCalledWith(stored);
    expect(outcomes.failed).not.toHaveBeenCalled();
    expect(pledges.reload).toHaveBeenCalledWith('p1');
  });

  it('a declined card fails the pledge with the decline reason', async () => {
    const { handler, outcomes, stored } = build();
    await run(handler, donor, DECLINED);
    expect(outcomes.failed).toHaveBeenCalledWith(stored, 'card_declined: generic_decline');
    expect(outcomes.succeeded).not.toHaveBeenCalled();
  });

  it('answers a confirmed pledge as it is, charging nothing (idempotent)', async () => {
    const { handler, outcomes, stored } = build('confirmed');
    expect(await run(handler, donor, GOOD)).toBe(stored);
    expect(outcomes.succeeded).not.toHaveBeenCalled();
  });

  it('refuses another donor with FORBIDDEN, before looking at the card', async () => {
    const { handler, outcomes } = build();
    await expect(run(handler, other, 'not a card')).rejects.toMatchObject({ code: PledgesErrorCode.FORBIDDEN, kind: 'forbidden' });
    expect(outcomes.succeeded).not.toHaveBeenCalled();
  });

  it('refuses a pledge paid through Stripe with PLEDGE_NOT_SANDBOX', async () => {
    const { handler } = build('requires_payment', 'stripe');
    await expect(run(handler, donor, GOOD)).rejects.toMatchObject({ code: PledgesErrorCode.PLEDGE_NOT_SANDBOX, kind: 'conflict' });
  });

  it.each(['failed', 'refunded', 'cancelled'] as const)('refuses a %s pledge with PLEDGE_STATE_CONFLICT', async (status) => {
    const { handler, outcomes } = build(status);
    await expect(run(handler, donor, GOOD)).rejects.toMatchObject({ code: PledgesErrorCode.PLEDGE_STATE_CONFLICT });
    expect(outcomes.succeeded).not.toHaveBeenCalled();
  });

  it('refuses a card number that fails the Luhn check with CARD_NUMBER_INVALID, changing nothing', async () => {
    const { handler, outcomes } = build();
    await expect(run(handler, donor, '4242424242424241')).rejects.toMatchObject({ code: PledgesErrorCode.CARD_NUMBER_INVALID, kind: 'invalid' });
    expect(outcomes.succeeded).not.toHaveBeenCalled();
    expect(outcomes.failed).not.toHaveBeenCalled();
  });
});
