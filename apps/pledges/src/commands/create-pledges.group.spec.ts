import type { ClsService } from 'nestjs-cls';
import type { Actor, ClaimResult, Clock, IdempotencyClaim, Tx } from '@lib/platform';
import { loadPledgesConfig } from '../pledges.config';
import type { PaymentGateway } from '../payments/payment-gateway';
import type { CampaignViewEntity } from '../persistence/campaign-view.entity';
import type { CampaignViewRepository } from '../persistence/campaign-view.repository';
import type { PledgeEntity } from '../persistence/pledge.entity';
import type { PledgeGroups } from '../persistence/pledge-groups.repository';
import type { PledgeIdempotencyKeys } from '../persistence/pledge-idempotency-keys.repository';
import type { NewPledge } from '../persistence/pledge.repository';
import { PledgesErrorCode } from '../pledges.errors';
import type { CreatePledgeInput } from './create-pledge.command';
import { CreatePledgesGroup, PledgeRequest } from './create-pledges.group';

const now = new Date('2027-01-15T12:00:00.000Z');
const C1 = '00000000-0000-4000-8000-0000000000c1';
const open = { campaignId: C1, status: 'open', startsAt: new Date('2027-01-01'), endsAt: new Date('2027-02-01'), currency: 'EUR' } as CampaignViewEntity;
const donor = { id: 'donor-1', roles: ['citizen'] } as unknown as Actor;
const input: CreatePledgeInput = { campaignId: C1, amount: 2_500, currency: 'EUR' };
const answer = (p: PledgeEntity) => ({ id: p.id, amount: p.amount });
const claim = (key: string, requestHash = 'h'): IdempotencyClaim => ({ actorId: donor.id, key, requestHash, status: 201 });

function build(campaign: CampaignViewEntity | null = open, gateway = { provider: 'stripe' } as PaymentGateway, stored: Record<string, ClaimResult> = {}) {
  const inserted: NewPledge[] = [];
  const statements: string[] = [];
  const keys = {
    claim: jest.fn(async (cs: IdempotencyClaim[]) => (statements.push('claim'), cs.map((c) => stored[c.key] ?? { claimed: true }))),
    release: jest.fn(async (cs: IdempotencyClaim[]) => void (cs.length && statements.push('release'))),
    answer: jest.fn(async (as: { claim: IdempotencyClaim; body: unknown }[]) => void (as.length && statements.push('answer'))),
  };
  const campaigns = { findMany: jest.fn(async () => (statements.push('campaigns'), new Map(campaign ? [[campaign.campaignId, campaign]] : []))) };
  const pledges = {
    insertAll: jest.fn(async (ps: NewPledge[]) => (ps.length && statements.push('insert'), inserted.push(...ps), ps.map((p) => ({ ...p, refundedAmount: 0 })))),
  };
  const txHost = { withTransaction: (fn: () => Promise<unknown>) => fn() } as unknown as Tx;
  const cls = { run: (_: unknown, fn: () => unknown) => fn() } as unknown as ClsService;
  const clock: Clock = { now: () => now } as Clock;
  const config = loadPledgesConfig({ env: { PLEDGE_MIN_AMOUNT: '100', PLEDGE_MAX_AMOUNT: '1000000' } });
  const group = new CreatePledgesGroup(
    txHost,
    cls,
    keys as unknown as PledgeIdempotencyKeys,
    campaigns as unknown as CampaignViewRepository,
    pledges as unknown as PledgeGroups,
    gateway,
    clock,
    config,
  );
  return { group, inserted, keys, statements };
}

const request = (i: Partial<CreatePledgeInput> = {}, c?: IdempotencyClaim): PledgeRequest => ({ actor: donor, input: { ...input, ...i }, answer, claim: c });
const refusal = (group: CreatePledgesGroup, i: Partial<CreatePledgeInput>) => group.submit(request(i)).catch((e: unknown) => e);

describe('CreatePledgesGroup', () => {
  it('records a pledge awaiting payment, of the donor, with the gateway as provider and no payment yet, and answers it', async () => {
    const { group, inserted } = build();
    const reply = await group.submit(request({ anonymous: true, displayName: 'Anna', message: 'Forza!' }));
    expect(inserted).toHaveLength(1);
    expect(inserted[0]).toEqual({
      id: inserted[0].id,
      campaignId: C1,
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
    expect(inserted[0].id).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply).toEqual({ replayed: false, body: { id: inserted[0].id, amount: 2_500 } });
  });

  it("stores the sandbox's payment reference with the pledge (no network call, so nothing to attach after commit)", async () => {
    const sandbox = { provider: 'sandbox', localPayment: (id: string) => ({ ref: `sandbox_pi_${id}` }) } as PaymentGateway;
    const { group, inserted } = build(open, sandbox);
    await group.submit(request());
    expect(inserted[0]).toMatchObject({ paymentProvider: 'sandbox', paymentRef: `sandbox_pi_${inserted[0].id}` });
  });

  it('defaults to a named pledge without display name or message, and finds the campaign whatever the case of its id', async () => {
    const { group, inserted } = build();
    await group.submit(request({ campaignId: C1.toUpperCase() }));
    expect(inserted[0]).toMatchObject({ campaignId: C1, anonymous: false, displayName: null, message: null });
  });

  it('refuses an unknown campaign with CAMPAIGN_NOT_FOUND', async () => {
    const { group, inserted } = build(null);
    expect(await refusal(group, {})).toMatchObject({ code: PledgesErrorCode.CAMPAIGN_NOT_FOUND, kind: 'not_found' });
    expect(inserted).toEqual([]);
  });

  it('refuses a campaign that does not take pledges now with CAMPAIGN_NOT_ACCEPTING_PLEDGES', async () => {
    const { group, inserted } = build({ ...open, status: 'closed' } as CampaignViewEntity);
    expect(await refusal(group, {})).toMatchObject({
      code: PledgesErrorCode.CAMPAIGN_NOT_ACCEPTING_PLEDGES,
      kind: 'conflict',
      message: 'No pledges now: the campaign is closed',
    });
    const late = build({ ...open, endsAt: now } as CampaignViewEntity);
    expect(await refusal(late.group, {})).toMatchObject({ code: PledgesErrorCode.CAMPAIGN_NOT_ACCEPTING_PLEDGES });
    expect([...inserted, ...late.inserted]).toEqual([]);
  });

  it('refuses another currency than the campaign collects with PLEDGE_CURRENCY_MISMATCH', async () => {
    const { group } = build();
    expect(await refusal(group, { currency: 'USD' })).toMatchObject({
      code: PledgesErrorCode.PLEDGE_CURRENCY_MISMATCH,
      kind: 'unprocessable',
      message: 'The campaign collects EUR, not USD',
    });
  });

  it('takes amounts between the configured bounds, the bounds included, and refuses one cent outside with PLEDGE_AMOUNT_OUT_OF_RANGE', async () => {
    const { group, inserted } = build();
    await Promise.all([group.submit(request({ amount: 100 })), group.submit(request({ amount: 1_000_000 }))]);
    expect(inserted.map((p) => p.amount)).toEqual([100, 1_000_000]);
    for (const amount of [99, 1_000_001]) {
      expect(await refusal(group, { amount })).toMatchObject({
        code: PledgesErrorCode.PLEDGE_AMOUNT_OUT_OF_RANGE,
        kind: 'unprocessable',
        message: 'A pledge is between 100 and 1000000 cents',
      });
    }
    expect(inserted).toHaveLength(2);
  });

  it('writes a whole group with one statement per kind of row, and a refused request in it writes nothing and gives its key back', async () => {
    const { group, inserted, keys, statements } = build();
    const first = group.submit(request({}, claim('k0'))); // a group of its own: nothing was in flight
    const rest = [request({}, claim('k1')), request({ amount: 1 }, claim('k2')), request({}, claim('k3')), request({ amount: 5_000 })].map((r) =>
      group.submit(r).catch((e: unknown) => e),
    );
    await first;
    const [ok1, refused, ok3, ok4] = await Promise.all(rest);
    expect(refused).toMatchObject({ code: PledgesErrorCode.PLEDGE_AMOUNT_OUT_OF_RANGE });
    expect([ok1, ok3, ok4]).toEqual([
      expect.objectContaining({ replayed: false }),
      expect.objectContaining({ replayed: false }),
      expect.objectContaining({ replayed: false }),
    ]);
    expect(inserted).toHaveLength(4);
    expect(statements).toEqual(['claim', 'campaigns', 'insert', 'answer', 'claim', 'campaigns', 'release', 'insert', 'answer']);
    expect(keys.release).toHaveBeenLastCalledWith([claim('k2')]);
    expect(keys.answer.mock.lastCall?.[0]).toEqual([expect.objectContaining({ claim: claim('k1') }), expect.objectContaining({ claim: claim('k3') })]);
  });

  it('replays the stored answer of a used key, refuses a key used for another request, and writes neither', async () => {
    const stored: Record<string, ClaimResult> = {
      seen: { claimed: false, replay: { status: 201, body: { id: 'first' } } },
      other: { claimed: false, reused: true },
    };
    const { group, inserted } = build(open, { provider: 'stripe' } as PaymentGateway, stored);
    expect(await group.submit(request({}, claim('seen')))).toEqual({ replayed: true, status: 201, body: { id: 'first' } });
    await expect(group.submit(request({}, claim('other')))).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', kind: 'unprocessable' });
    expect(inserted).toEqual([]);
  });

  it('puts the second request with a key already in the group into the next group, where it replays the first', async () => {
    const stored: Record<string, ClaimResult> = {};
    const { group, keys } = build(open, { provider: 'stripe' } as PaymentGateway, stored);
    keys.answer.mockImplementation(async (as: { claim: IdempotencyClaim; body: unknown }[]) => {
      for (const a of as) stored[a.claim.key] = { claimed: false, replay: { status: 201, body: a.body } };
    });
    void group.submit(request({ amount: 300 }, claim('solo')));
    const [a, b] = await Promise.all([group.submit(request({}, claim('twice'))), group.submit(request({}, claim('twice')))]);
    expect(a).toMatchObject({ replayed: false });
    expect(b).toEqual({ replayed: true, status: 201, body: (a as { body: unknown }).body });
  });
});
