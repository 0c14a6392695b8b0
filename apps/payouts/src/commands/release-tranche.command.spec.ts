import { NotFound } from '@lib/platform';
import type { EscrowRepository } from '../persistence/escrow.repository';
import type { Tranche, TrancheRepository } from '../persistence/tranche.repository';
import type { ReleaseAuthority } from '../services/release-authority';
import { ReleaseTrancheCommand, ReleaseTrancheHandler } from './release-tranche.command';

// The handler's decisions, without a database: @Transactional becomes a pass-through (the e2e suites run the real one).
jest.mock('@nestjs-cls/transactional', () => ({ ...jest.requireActual('@nestjs-cls/transactional'), Transactional: () => () => undefined }));

const funder = { id: 'funder-1', roles: ['funder' as const] };
const tranche = (over: Partial<Tranche> = {}): Tranche => ({
  id: 't1',
  campaignId: 'c1',
  promoterId: 'p1',
  currency: 'EUR',
  kind: 'upfront',
  status: 'eligible',
  paymentRule: null,
  minAchievementPct: null,
  donorShare: 4000,
  dueDonor: 4000,
  payoutMethod: null,
  ...over,
});

function setup(t: Tranche | null, allowed = true) {
  const tranches = {
    getForUpdate: jest.fn(async (id: string) => {
      if (!t) throw new NotFound('Tranche', id);
      return t;
    }),
    matchDues: jest.fn(async () => [
      { fundId: 'f1', due: 1500 },
      { fundId: 'f2', due: 500 },
    ]),
    markReleased: jest.fn(async () => undefined),
  };
  const escrow = { released: jest.fn(async () => true) };
  const authority = { mayRelease: jest.fn(async () => allowed) };
  const handler = new ReleaseTrancheHandler(
    tranches as unknown as TrancheRepository,
    escrow as unknown as EscrowRepository,
    authority as unknown as ReleaseAuthority,
  );
  return { handler, tranches, escrow, authority };
}

describe('ReleaseTrancheHandler', () => {
  it('releases an eligible tranche: its dues leave the escrow once, the tranche is released with its event', async () => {
    const { handler, tranches, escrow, authority } = setup(tranche());
    await expect(handler.execute(new ReleaseTrancheCommand(funder, 't1'))).resolves.toEqual({ id: 't1', status: 'released' });
    expect(authority.mayRelease).toHaveBeenCalledWith(funder, 't1', 'c1');
    expect(escrow.released).toHaveBeenCalledWith({
      trancheId: 't1',
      campaignId: 'c1',
      promoterId: 'p1',
      currency: 'EUR',
      dueDonor: 4000,
      releasedBy: 'funder-1',
      shares: [
        { fundId: 'f1', due: 1500 },
        { fundId: 'f2', due: 500 },
      ],
    });
    expect(tranches.markReleased).toHaveBeenCalledWith(tranche(), [
      { fundId: 'f1', due: 1500 },
      { fundId: 'f2', due: 500 },
    ]);
    expect(escrow.released.mock.invocationCallOrder[0]).toBeLessThan(tranches.markReleased.mock.invocationCallOrder[0]);
  });

  it('answers 404 TRANCHE_NOT_FOUND for an unknown tranche', async () => {
    const { handler, escrow } = setup(null);
    await expect(handler.execute(new ReleaseTrancheCommand(funder, 'nope'))).rejects.toMatchObject({ code: 'TRANCHE_NOT_FOUND', kind: 'not_found' });
    expect(escrow.released).not.toHaveBeenCalled();
  });

  it('answers 403 FORBIDDEN to whoever may not release it, before looking at its status', async () => {
    const { handler, escrow, tranches } = setup(tranche({ status: 'paid' }), false);
    await expect(handler.execute(new ReleaseTrancheCommand(funder, 't1'))).rejects.toMatchObject({
      code: 'FORBIDDEN',
      kind: 'forbidden',
      message: "Only a funder with a match share in this tranche, the funder owning the campaign's call, or an admin, may release it",
    });
    expect(escrow.released).not.toHaveBeenCalled();
    expect(tranches.markReleased).not.toHaveBeenCalled();
  });

  it.each(['planned', 'released', 'paid', 'forfeited'])(
    'answers 409 TRANCHE_NOT_ELIGIBLE for a %s tranche and moves nothing (a repeated release)',
    async (status) => {
      const { handler, escrow, tranches } = setup(tranche({ status }));
      await expect(handler.execute(new ReleaseTrancheCommand(funder, 't1'))).rejects.toMatchObject({ code: 'TRANCHE_NOT_ELIGIBLE', kind: 'conflict' });
      expect(escrow.released).not.toHaveBeenCalled();
      expect(tranches.markReleased).not.toHaveBeenCalled();
    },
  );
});
