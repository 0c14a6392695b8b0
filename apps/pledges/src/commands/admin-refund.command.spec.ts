import { NotFound } from '@lib/platform/errors/domain-error';
import { PledgeStateConflict, PledgeStatus } from '../domain/pledge';
import type { PledgeEntity } from '../persistence/pledge.entity';
import type { PledgeRepository } from '../persistence/pledge.repository';
import { PledgesErrorCode } from '../pledges.errors';
import { AdminRefundCommand, AdminRefundHandler } from './admin-refund.command';
import type { RefundPledges } from '../services/refund-pledges';

// The transaction is the platform's (e2e suites run it): here @Transactional is a pass-through.
jest.mock('@nestjs-cls/transactional', () => ({ ...jest.requireActual('@nestjs-cls/transactional'), Transactional: () => () => undefined }));

const pledge = (status: PledgeStatus) => ({ id: 'p1', campaignId: 'c1', status, amount: 2_500, refundedAmount: 0 }) as PledgeEntity;

function build(status: PledgeStatus) {
  const stored = pledge(status);
  const pledges = {
    getForUpdate: jest.fn(async () => stored),
    reload: jest.fn(async () => ({ ...stored, status: 'refunded' })),
  };
  const refunds = { refund: jest.fn(async () => undefined) };
  const handler = new AdminRefundHandler(pledges as unknown as PledgeRepository, refunds as unknown as RefundPledges);
  return { handler, pledges, refunds, stored };
}

describe('AdminRefundHandler', () => {
  it('refunds a confirmed pledge (locked first) with the reason given, and answers it as it is now', async () => {
    const { handler, pledges, refunds, stored } = build('confirmed');
    const out = await handler.execute(new AdminRefundCommand('p1', 'duplicate donation'));
    expect(pledges.getForUpdate).toHaveBeenCalledWith('p1');
    expect(refunds.refund).toHaveBeenCalledWith(stored, 'duplicate donation');
    expect(pledges.reload).toHaveBeenCalledWith('p1');
    expect(out.status).toBe('refunded');
  });

  it('answers a refunded pledge as it is, refunding nothing (idempotent)', async () => {
    const { handler, refunds, stored } = build('refunded');
    expect(await handler.execute(new AdminRefundCommand('p1', 'again'))).toBe(stored);
    expect(refunds.refund).not.toHaveBeenCalled();
  });

  it.each(['requires_payment', 'failed', 'cancelled'] as const)('refuses a %s pledge with PLEDGE_STATE_CONFLICT', async (status) => {
    const { handler, refunds } = build(status);
    const error = await handler.execute(new AdminRefundCommand('p1', 'why')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PledgeStateConflict);
    expect(error).toMatchObject({ code: PledgesErrorCode.PLEDGE_STATE_CONFLICT, kind: 'conflict' });
    expect(refunds.refund).not.toHaveBeenCalled();
  });

  it('lets the repository refuse an unknown pledge (PLEDGE_NOT_FOUND), refunding nothing', async () => {
    const { handler, pledges, refunds } = build('confirmed');
    pledges.getForUpdate.mockRejectedValueOnce(new NotFound('Pledge', 'p9'));
    await expect(handler.execute(new AdminRefundCommand('p9', 'why'))).rejects.toMatchObject({ code: PledgesErrorCode.PLEDGE_NOT_FOUND });
    expect(refunds.refund).not.toHaveBeenCalled();
  });
});
