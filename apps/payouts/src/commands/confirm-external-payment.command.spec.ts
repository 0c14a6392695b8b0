import type { Payouts } from '../payments/tranche-payout';
import type { Tranche, TrancheRepository } from '../persistence/tranche.repository';
import { ConfirmExternalPaymentCommand, ConfirmExternalPaymentHandler } from './confirm-external-payment.command';
import type { ReleaseAuthority } from '../services/release-authority';

// The handler's decisions, without a database: @Transactional becomes a pass-through (the e2e suites run the real one).
jest.mock('@nestjs-cls/transactional', () => ({ ...jest.requireActual('@nestjs-cls/transactional'), Transactional: () => () => undefined }));

const treasury = { id: 'funder-1', roles: ['funder' as const] };
const tranche = (over: Partial<Tranche> = {}): Tranche => ({
  id: 't1',
  campaignId: 'c1',
  promoterId: 'p1',
  currency: 'EUR',
  kind: 'milestone',
  status: 'released',
  paymentRule: 'binary',
  minAchievementPct: null,
  donorShare: 6000,
  dueDonor: 6000,
  payoutMethod: 'external',
  ...over,
});

function setup(t: Tranche, allowed = true) {
  const tranches = { getForUpdate: jest.fn(async () => t), dueTotal: jest.fn(async (_id: string, dueDonor: number) => dueDonor + 2000) };
  const authority = { mayRelease: jest.fn(async () => allowed) };
  const payouts = { markPaid: jest.fn(async () => undefined) };
  const handler = new ConfirmExternalPaymentHandler(
    tranches as unknown as TrancheRepository,
    authority as unknown as ReleaseAuthority,
    payouts as unknown as Payouts,
  );
  return { handler, tranches, authority, payouts };
}

describe('ConfirmExternalPaymentHandler', () => {
  it("records the treasury's bank payment of a released external tranche: paid for everything due, with its reference", async () => {
    const { handler, payouts, authority } = setup(tranche());
    await expect(handler.execute(new ConfirmExternalPaymentCommand(treasury, 't1', 'TRN 42'))).resolves.toEqual({ id: 't1', status: 'paid' });
    expect(authority.mayRelease).toHaveBeenCalledWith(treasury, 't1', 'c1');
    expect(payouts.markPaid).toHaveBeenCalledWith(tranche(), 8000, 'external', 'TRN 42');
  });

  it('answers 403 FORBIDDEN to whoever may not release the tranche', async () => {
    const { handler, payouts } = setup(tranche(), false);
    await expect(handler.execute(new ConfirmExternalPaymentCommand(treasury, 't1', 'TRN 42'))).rejects.toMatchObject({
      code: 'FORBIDDEN',
      kind: 'forbidden',
      message: "Only a funder of this tranche, the funder owning the campaign's call, or an admin, may confirm its payment",
    });
    expect(payouts.markPaid).not.toHaveBeenCalled();
  });

  it.each([
    ['paid', 'external'],
    ['released', 'stripe_connect'],
    ['released', null],
    ['eligible', null],
  ])('answers 409 TRANCHE_NOT_AWAITING_BANK_PAYMENT for a %s tranche paid by %s (a repeated confirmation too)', async (status, payoutMethod) => {
    const { handler, payouts } = setup(tranche({ status, payoutMethod }));
    await expect(handler.execute(new ConfirmExternalPaymentCommand(treasury, 't1', 'TRN 42'))).rejects.toMatchObject({
      code: 'TRANCHE_NOT_AWAITING_BANK_PAYMENT',
      kind: 'conflict',
    });
    expect(payouts.markPaid).not.toHaveBeenCalled();
  });
});
