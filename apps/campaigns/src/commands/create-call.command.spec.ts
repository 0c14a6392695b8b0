jest.mock('@nestjs-cls/transactional', () => ({
  ...jest.requireActual('@nestjs-cls/transactional'),
  Transactional: () => () => undefined,
}));

import type { Actor } from '@lib/platform';
import type { CallRepository } from '../persistence/call.repository';
import { CreateCallCommand, CreateCallHandler, CreateCallInput } from './create-call.command';

const funder: Actor = { id: 'funder-1', roles: ['funder'] };
const input: CreateCallInput = {
  title: 'Quartieri',
  description: 'd',
  opensAt: '2027-01-01T00:00:00Z',
  closesAt: '2027-06-30T00:00:00Z',
  eligibleAreas: ['Brera'],
  categories: ['social'],
  promoterTypes: ['ets'],
  minGoalAmount: 500,
  maxGoalAmount: 1000,
  minCofinancingPct: { ets: 10 },
};

function setup() {
  const calls = { create: jest.fn(async (c: unknown) => c) };
  return { handler: new CreateCallHandler(calls as unknown as CallRepository), calls };
}

describe('CreateCallHandler', () => {
  it('opens the call for its funder, EUR and no cap by default', async () => {
    const { handler, calls } = setup();
    await handler.execute(new CreateCallCommand(funder, input));
    expect(calls.create).toHaveBeenCalledWith(
      expect.objectContaining({
        ownerId: 'funder-1',
        currency: 'EUR',
        maxCampaigns: null,
        opensAt: new Date(input.opensAt),
        closesAt: new Date(input.closesAt),
      }),
    );
  });

  it.each([
    ['closing at its opening', { closesAt: input.opensAt }, 'closesAt must be after opensAt'],
    ['a max goal under the min', { maxGoalAmount: 499 }, 'maxGoalAmount must be at least minGoalAmount'],
    ['an unknown promoter type', { minCofinancingPct: { guild: 5 } }, 'minCofinancingPct: unknown promoter type "guild"'],
    ['a share over 100', { minCofinancingPct: { ets: 101 } }, 'minCofinancingPct.ets must be an integer from 0 to 100'],
    ['a share below 0', { minCofinancingPct: { ets: -1 } }, 'minCofinancingPct.ets must be an integer from 0 to 100'],
    ['a fractional share', { minCofinancingPct: { ets: 2.5 } }, 'minCofinancingPct.ets must be an integer from 0 to 100'],
  ])('refuses %s (CALL_INVALID)', async (_what, change, message) => {
    const { handler, calls } = setup();
    await expect(handler.execute(new CreateCallCommand(funder, { ...input, ...change }))).rejects.toMatchObject({ code: 'CALL_INVALID', message });
    expect(calls.create).not.toHaveBeenCalled();
  });

  it('accepts the bounds: equal goals, shares of 0 and 100', async () => {
    const { handler, calls } = setup();
    await handler.execute(new CreateCallCommand(funder, { ...input, maxGoalAmount: 500, minCofinancingPct: { ets: 0, informal_group: 100 } }));
    expect(calls.create).toHaveBeenCalled();
  });
});
