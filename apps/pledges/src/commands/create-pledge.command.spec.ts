import type { Actor, Clock } from '@lib/platform';
import { loadPledgesConfig } from '../pledges.config';
import type { PaymentGateway } from '../payments/payment-gateway';
import type { CampaignViewEntity } from '../persistence/campaign-view.entity';
import type { CampaignViewRepository } from '../persistence/campaign-view.repository';
import type { NewPledge, PledgeRepository } from '../persistence/pledge.repository';
import { PledgesErrorCode } from '../pledges.errors';
import { CreatePledgeCommand, CreatePledgeHandler, CreatePledgeInput } from './create-pledge.command';

// The transaction is the platform's (e2e suites run it): here @Transactional is a pass-through.
jest.mock('@nestjs-cls/transactional', () => ({ ...jest.requireActual('@nestjs-cls/transactional'), Transactional: () => () => undefined }));

const now = new Date('2027-01-15T12:00:00.000Z');
const open = { campaignId: 'c1', status: 'open', startsAt: new Date('2027-01-01'), endsAt: new Date('2027-02-01'), currency: 'EUR' } as CampaignViewEntity;
const donor = { id: 'donor-1', roles: ['citizen'] } as unknown as Actor;
const input: CreatePledgeInput = { campaignId: 'c1', amount: 2_500, currency: 'EUR' };

function build(campaign: CampaignViewEntity | null = open, gateway = { provider: 'stripe' } as PaymentGateway) {
  const inserted: NewPledge[] = [];
  const campaigns = { find: jest.fn(async () => campaign) };
  const pledges = { insert: jest.fn(async (p: NewPledge) => (inserted.push(p), { ...p, refundedAmount: 0 })) };
  const clock: Clock = { now: () => now } as Clock;
  const config = loadPledgesConfig({ env: { PLEDGE_MIN_AMOUNT: '100', PLEDGE_MAX_AMOUNT: '1000000' } });
  const handler = new CreatePledgeHandler(campaigns as unknown as CampaignViewRepository, pledges as unknown as PledgeRepository, gateway, clock, config);
  return { handler, inserted };
}

const refusal = (handler: CreatePledgeHandler, i: CreatePledgeInput) => handler.execute(new CreatePledgeCommand(donor, i)).catch((e: unknown) => e);

describe('CreatePledgeHandler', () => {
  it('records a pledge awaiting payment, of the donor, with the gateway as provider and no payment yet', async () => {
    const { handler, inserted } = build();
    const pledge = await handler.execute(new CreatePledgeCommand(donor, { ...input, anonymous: true, displayName: 'Anna', message: 'Forza!' }));
    expect(inserted).toHaveLength(1);
    expect(inserted[0]).toEqual({
      id: pledge.id,
      campaignId: 'c1',
      donorId: 'donor-1',
      amount: 2_500,
      currency: 'EUR',
      status: 'requires_payment',
      anonymous: true,
      displayName: 'Anna',
      message: 'Forza!',
      paymentProvider: 'stripe',
      paymentRef: null,
      failureReason: null,
      createdAt: now,
      confirmedAt: null,
      announcedAt: null,
      refundedAt: null,
      refundReason: null,
    });
    expect(pledge.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("stores the sandbox's payment reference with the pledge (no network call, so nothing to attach after commit)", async () => {
    const sandbox = { provider: 'sandbox', localPayment: (id: string) => ({ ref: `sandbox_pi_${id}` }) } as PaymentGateway;
    const { handler, inserted } = build(open, sandbox);
    const pledge = await handler.execute(new CreatePledgeCommand(donor, input));
    expect(inserted[0]).toMatchObject({ paymentProvider: 'sandbox', paymentRef: `sandbox_pi_${pledge.id}` });
  });

  it('defaults to a named pledge without display name or message', async () => {
    const { handler, inserted } = build();
    await handler.execute(new CreatePledgeCommand(donor, input));
    expect(inserted[0]).toMatchObject({ anonymous: false, displayName: null, message: null });
  });

  it('refuses an unknown campaign with CAMPAIGN_NOT_FOUND', async () => {
    const { handler, inserted } = build(null);
    expect(await refusal(handler, input)).toMatchObject({ code: PledgesErrorCode.CAMPAIGN_NOT_FOUND, kind: 'not_found' });
    expect(inserted).toEqual([]);
  });

  it('refuses a campaign that does not take pledges now with CAMPAIGN_NOT_ACCEPTING_PLEDGES', async () => {
    const { handler, inserted } = build({ ...open, status: 'closed' } as CampaignViewEntity);
    expect(await refusal(handler, input)).toMatchObject({
      code: PledgesErrorCode.CAMPAIGN_NOT_ACCEPTING_PLEDGES,
      kind: 'conflict',
      message: 'No pledges now: the campaign is closed',
    });
    const late = build({ ...open, endsAt: now } as CampaignViewEntity);
    expect(await refusal(late.handler, input)).toMatchObject({ code: PledgesErrorCode.CAMPAIGN_NOT_ACCEPTING_PLEDGES });
    expect([...inserted, ...late.inserted]).toEqual([]);
  });

  it('refuses another currency than the campaign collects with PLEDGE_CURRENCY_MISMATCH', async () => {
    const { handler } = build();
    expect(await refusal(handler, { ...input, currency: 'USD' })).toMatchObject({
      code: PledgesErrorCode.PLEDGE_CURRENCY_MISMATCH,
      kind: 'unprocessable',
      message: 'The campaign collects EUR, not USD',
    });
  });

  it('takes amounts between the configured bounds, the bounds included, and refuses one cent outside with PLEDGE_AMOUNT_OUT_OF_RANGE', async () => {
    const { handler, inserted } = build();
    await handler.execute(new CreatePledgeCommand(donor, { ...input, amount: 100 }));
    await handler.execute(new CreatePledgeCommand(donor, { ...input, amount: 1_000_000 }));
    expect(inserted.map((p) => p.amount)).toEqual([100, 1_000_000]);
    for (const amount of [99, 1_000_001]) {
      expect(await refusal(handler, { ...input, amount })).toMatchObject({
        code: PledgesErrorCode.PLEDGE_AMOUNT_OUT_OF_RANGE,
        kind: 'unprocessable',
        message: 'A pledge is between 100 and 1000000 cents',
      });
    }
    expect(inserted).toHaveLength(2);
  });
});
