import type { ClsService } from 'nestjs-cls';
import type { Actor, Clock, Tx } from '@lib/platform';
import { PledgeStatus } from '../domain/pledge';
import type { AnnouncedConfirmations } from '../persistence/announced-confirmations.repository';
import type { CampaignViewEntity } from '../persistence/campaign-view.entity';
import type { CampaignViewRepository } from '../persistence/campaign-view.repository';
import type { PledgeEntity } from '../persistence/pledge.entity';
import type { PledgeGroups } from '../persistence/pledge-groups.repository';
import type { PledgeRepository } from '../persistence/pledge.repository';
import { PledgesErrorCode } from '../pledges.errors';
import type { PaymentOutcomes } from '../services/payment-outcomes';
import { ConfirmSandboxPaymentsGroup } from './confirm-sandbox-payments.group';

const now = new Date('2027-01-15T12:00:00.000Z');
const donor = { id: 'donor-1', roles: ['citizen'] } as unknown as Actor;
const other = { id: 'donor-2', roles: ['citizen'] } as unknown as Actor;
const GOOD = '4242424242424242';
const DECLINED = '4000000000000002';

function build(pledgeList: Partial<PledgeEntity>[], campaignStatus = 'open') {
  const stored = new Map(
    pledgeList.map((p) => [p.id, { donorId: 'donor-1', status: 'requires_payment', paymentProvider: 'sandbox', campaignId: 'c1', ...p } as PledgeEntity]),
  );
  const steps: string[] = [];
  const groups = {
    lockAll: jest.fn(async (ids: string[]) => (steps.push(`lock ${ids.join(',')}`), new Map([...stored].filter(([id]) => ids.includes(id as string))))),
    markConfirmedAll: jest.fn(async (cs: { pledge: PledgeEntity; correlationId?: string }[]): Promise<void> => {
      steps.push(`confirm ${cs.map((c) => c.pledge.id).join(',')}`);
    }),
  };
  const announced = { lockForConfirmations: jest.fn(async (ids: string[]) => void steps.push(`announce-lock ${ids.join(',')}`)) };
  const campaigns = { findMany: jest.fn(async () => new Map([['c1', { campaignId: 'c1', status: campaignStatus } as CampaignViewEntity]])) };
  const pledges = {
    getForUpdate: jest.fn(async (id: string) => stored.get(id) as PledgeEntity),
    reload: jest.fn(async (id: string) => ({ ...stored.get(id), status: 'confirmed' })),
  };
  const outcomes = { succeeded: jest.fn(async () => 'confirmed'), failed: jest.fn(async () => 'failed') };
  const txHost = { withTransaction: (fn: () => Promise<unknown>) => fn() } as unknown as Tx;
  const cls = { run: (_: unknown, fn: () => unknown) => fn(), set: jest.fn() } as unknown as ClsService;
  const clock: Clock = { now: () => (steps.push('clock'), now) } as Clock;
  const group = new ConfirmSandboxPaymentsGroup(
    txHost,
    cls,
    pledges as unknown as PledgeRepository,
    groups as unknown as PledgeGroups,
    announced as unknown as AnnouncedConfirmations,
    campaigns as unknown as CampaignViewRepository,
    outcomes as unknown as PaymentOutcomes,
    clock,
  );
  return { group, groups, pledges, outcomes, stored, steps };
}
const confirm = (g: ConfirmSandboxPaymentsGroup, pledgeId: string, card = GOOD, actor = donor, correlationId?: string) =>
  g.submit({ actor, pledgeId, cardNumber: card, correlationId });

describe('ConfirmSandboxPaymentsGroup', () => {
  it('confirms a paying group in one step each: pledges locked, confirmation locks, THEN the clock, then one confirm with the events', async () => {
    const { group, groups, steps, outcomes } = build([{ id: 'p0' }, { id: 'p1' }, { id: 'p2' }]);
    const first = confirm(group, 'p0');
    const rest = [confirm(group, 'p2', GOOD, donor, 'req-2'), confirm(group, 'p1', GOOD, donor, 'req-1')];
    expect(await first).toMatchObject({ id: 'p0', status: 'confirmed', confirmedAt: now, announcedAt: now });
    expect(await Promise.all(rest)).toEqual([
      expect.objectContaining({ id: 'p2', status: 'confirmed' }),
      expect.objectContaining({ id: 'p1', status: 'confirmed' }),
    ]);
    expect(steps.slice(4)).toEqual(['lock p2,p1', 'announce-lock c1,c1', 'clock', 'confirm p2,p1']);
    expect(groups.markConfirmedAll.mock.lastCall?.[0].map((c) => c.correlationId)).toEqual(['req-2', 'req-1']);
    expect(outcomes.succeeded).not.toHaveBeenCalled();
  });

  it('a declined card fails the pledge through PaymentOutcomes, on its own', async () => {
    const { group, outcomes, stored } = build([{ id: 'p1' }]);
    await confirm(group, 'p1', DECLINED);
    expect(outcomes.failed).toHaveBeenCalledWith(stored.get('p1'), 'card_declined: generic_decline');
    expect(outcomes.succeeded).not.toHaveBeenCalled();
  });

  it('a payment for a campaign that no longer takes pledges goes through PaymentOutcomes (refunded at once), not the group confirm', async () => {
    const { group, groups, outcomes, stored } = build([{ id: 'p1' }], 'failed');
    expect(await confirm(group, 'p1')).toMatchObject({ status: 'confirmed' }); // reload of the fake
    expect(outcomes.succeeded).toHaveBeenCalledWith(stored.get('p1'));
    expect(groups.markConfirmedAll).toHaveBeenCalledWith([], now);
  });

  it('answers a confirmed pledge as it is, charging nothing (idempotent)', async () => {
    const { group, outcomes, stored } = build([{ id: 'p1', status: 'confirmed' }]);
    expect(await confirm(group, 'p1')).toBe(stored.get('p1'));
    expect(outcomes.succeeded).not.toHaveBeenCalled();
  });

  it('the same pledge twice in one group: the second waits for the next group and sees the first one paid', async () => {
    const { group, stored, groups } = build([{ id: 'p0' }, { id: 'p1' }]);
    groups.markConfirmedAll.mockImplementation(async (cs) => cs.forEach((c) => stored.set(c.pledge.id, { ...c.pledge, status: 'confirmed' } as PledgeEntity)));
    void confirm(group, 'p0');
    const [a, b] = await Promise.all([confirm(group, 'p1'), confirm(group, 'p1')]);
    expect([a.status, b.status]).toEqual(['confirmed', 'confirmed']);
    expect(groups.markConfirmedAll.mock.calls.map((c) => c[0].map((x) => x.pledge.id))).toEqual([['p0'], ['p1'], []]);
  });

  it('refuses another donor with FORBIDDEN, before looking at the card', async () => {
    const { group, outcomes } = build([{ id: 'p1' }]);
    await expect(confirm(group, 'p1', 'not a card', other)).rejects.toMatchObject({ code: PledgesErrorCode.FORBIDDEN, kind: 'forbidden' });
    expect(outcomes.succeeded).not.toHaveBeenCalled();
  });

  it('refuses an unknown pledge with PLEDGE_NOT_FOUND and a pledge paid through Stripe with PLEDGE_NOT_SANDBOX', async () => {
    const { group } = build([{ id: 'p1', paymentProvider: 'stripe' }]);
    await expect(confirm(group, 'nope')).rejects.toMatchObject({ code: PledgesErrorCode.PLEDGE_NOT_FOUND, kind: 'not_found' });
    await expect(confirm(group, 'p1')).rejects.toMatchObject({ code: PledgesErrorCode.PLEDGE_NOT_SANDBOX, kind: 'conflict' });
  });

  it.each(['failed', 'refunded', 'cancelled'] as const)('refuses a %s pledge with PLEDGE_STATE_CONFLICT', async (status: PledgeStatus) => {
    const { group, outcomes } = build([{ id: 'p1', status }]);
    await expect(confirm(group, 'p1')).rejects.toMatchObject({ code: PledgesErrorCode.PLEDGE_STATE_CONFLICT });
    expect(outcomes.succeeded).not.toHaveBeenCalled();
  });

  it('refuses a card number that fails the Luhn check with CARD_NUMBER_INVALID, changing nothing, and the rest of its group pays', async () => {
    const { group, outcomes, groups } = build([{ id: 'p0' }, { id: 'p1' }, { id: 'p2' }]);
    void confirm(group, 'p0');
    const [bad, good] = await Promise.all([confirm(group, 'p1', '4242424242424241').catch((e: unknown) => e), confirm(group, 'p2')]);
    expect(bad).toMatchObject({ code: PledgesErrorCode.CARD_NUMBER_INVALID, kind: 'invalid' });
    expect(good).toMatchObject({ status: 'confirmed' });
    expect(groups.markConfirmedAll.mock.lastCall?.[0].map((c) => c.pledge.id)).toEqual(['p2']);
    expect(outcomes.failed).not.toHaveBeenCalled();
  });
});
