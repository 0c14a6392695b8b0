import type { Clock } from '@lib/platform';
import { PledgeStatus } from '../domain/pledge';
import type { AnnouncedConfirmations } from '../persistence/announced-confirmations.repository';
import type { CampaignViewRepository } from '../persistence/campaign-view.repository';
import type { PledgeEntity } from '../persistence/pledge.entity';
import type { PledgeRepository } from '../persistence/pledge.repository';
import { PaymentOutcomes } from './payment-outcomes';
import type { RefundPledges } from './refund-pledges';

const now = new Date('2027-01-15T12:00:00.000Z');
const pledgeOf = (status: PledgeStatus, refundedAmount = 0) =>
  ({ id: 'p1', campaignId: 'c1', donorId: 'd1', amount: 2_500, refundedAmount, currency: 'EUR', status }) as PledgeEntity;

/** PaymentOutcomes over mocked repositories; `calls` keeps the order of every write, lock and event. */
function build(campaignStatus: string | null = 'open', countedAtClose = false) {
  const calls: string[] = [];
  const log = (name: string) => jest.fn(async (...args: unknown[]) => void calls.push(`${name} ${JSON.stringify(args)}`));
  const pledges = {
    markConfirmed: jest.fn(async (p: PledgeEntity, ...rest: unknown[]) => void calls.push(`markConfirmed ${JSON.stringify([p.id, ...rest])}`)),
    markFailed: log('markFailed'),
    markRefundedBeforeSuccess: log('markRefundedBeforeSuccess'),
    markRefunded: jest.fn(async (p: PledgeEntity, ...rest: unknown[]) => void calls.push(`markRefunded ${JSON.stringify([p.id, ...rest])}`)),
  };
  const campaigns = { find: jest.fn(async () => (calls.push('find campaign'), campaignStatus === null ? null : { status: campaignStatus })) };
  const refunds = {
    refund: log('refund'),
    chargeEscrow: jest.fn(async (...args: unknown[]) => (calls.push(`chargeEscrow ${JSON.stringify(args.slice(1))}`), countedAtClose)),
  };
  const announced = { lockForConfirmation: log('lockForConfirmation') };
  const clock = { now: () => now } as Clock;
  const outcomes = new PaymentOutcomes(
    pledges as unknown as PledgeRepository,
    campaigns as unknown as CampaignViewRepository,
    refunds as unknown as RefundPledges,
    announced as unknown as AnnouncedConfirmations,
    clock,
  );
  return { outcomes, calls };
}

describe('PaymentOutcomes.succeeded', () => {
  it('confirms a pledge of an open campaign as counted (announced by the repository), taking the cut-off lock before reading the clock', async () => {
    const { outcomes, calls } = build();
    expect(await outcomes.succeeded(pledgeOf('requires_payment'))).toBe('confirmed');
    expect(calls).toEqual(['lockForConfirmation ["c1"]', 'find campaign', `markConfirmed ["p1","${now.toISOString()}",true]`]);
  });

  it('confirms without announcing and gives the money back when the campaign no longer takes pledges', async () => {
    const { outcomes, calls } = build('closed');
    expect(await outcomes.succeeded(pledgeOf('requires_payment'))).toBe('refunded: payment arrived after the campaign closed');
    expect(calls[2]).toBe(`markConfirmed ["p1","${now.toISOString()}",false]`);
    expect(calls[3]).toMatch(/^refund \[\{.*"status":"confirmed".*\},"payment arrived after the campaign closed",\{"announce":false\}\]$/);
    expect(calls).toHaveLength(4);
  });

  it('gives back a payment that arrived for a cancelled pledge, and one of an unknown campaign', async () => {
    expect(await build().outcomes.succeeded(pledgeOf('cancelled'))).toBe('refunded: payment arrived for a cancelled pledge');
    expect(await build(null).outcomes.succeeded(pledgeOf('requires_payment'))).toBe('refunded: payment arrived after the campaign ended');
  });

  it.each(['confirmed', 'refunded'] as const)('changes nothing for a %s pledge (a repeated or late signal)', async (status) => {
    const { outcomes, calls } = build();
    expect(await outcomes.succeeded(pledgeOf(status))).toBe(`already ${status}`);
    expect(calls).toEqual([]);
  });
});

describe('PaymentOutcomes.failed', () => {
  it('fails a pledge awaiting payment (the repository announces pledge.failed)', async () => {
    const { outcomes, calls } = build();
    expect(await outcomes.failed(pledgeOf('requires_payment'), 'card declined')).toBe('failed');
    expect(calls).toEqual([expect.stringMatching(/^markFailed \[\{"id":"p1".*\},"card declined","2027-01-15T12:00:00.000Z"\]$/)]);
  });

  it.each(['confirmed', 'failed', 'refunded', 'cancelled'] as const)('ignores a failure of a %s pledge', async (status) => {
    const { outcomes, calls } = build();
    expect(await outcomes.failed(pledgeOf(status), 'late')).toBe(`ignored: pledge is ${status}`);
    expect(calls).toEqual([]);
  });
});

describe('PaymentOutcomes.refundedByProvider', () => {
  it('refunds a confirmed pledge of what it still holds, forced against the escrow, and announces it', async () => {
    const { outcomes, calls } = build('closed', true);
    expect(await outcomes.refundedByProvider(pledgeOf('confirmed', 500))).toBe('refunded');
    expect(calls).toEqual([
      'chargeEscrow [2000,true]',
      `markRefunded ["p1",{"amount":2000,"reason":"refunded at the payment provider","countedAtClose":true},"${now.toISOString()}"]`,
    ]);
  });

  it.each(['requires_payment', 'failed', 'cancelled'] as const)(
    'marks a %s pledge refunded before its success was seen, announcing nothing',
    async (status) => {
      const { outcomes, calls } = build();
      expect(await outcomes.refundedByProvider(pledgeOf(status))).toBe('refunded before its success was seen');
      expect(calls).toEqual([`markRefundedBeforeSuccess ["p1","${now.toISOString()}","refunded at the payment provider"]`]);
    },
  );

  it('changes nothing for a refunded pledge', async () => {
    const { outcomes, calls } = build();
    expect(await outcomes.refundedByProvider(pledgeOf('refunded'))).toBe('already refunded');
    expect(calls).toEqual([]);
  });
});
