import { EventEnvelope, TrancheReleased } from '@lib/contracts';
import type { FundRepository } from '../persistence/fund.repository';
import type { MatchRepository } from '../persistence/match.repository';
import type { Settlement } from '../services/settlement';
import { SpendMatchesOnTrancheReleased } from './spend-matches-on-tranche-released.consumer';

function setup(committedNow: boolean, fundsOfCampaign = ['f1', 'f3']) {
  const calls: string[] = [];
  const log =
    <T>(name: string, result?: T) =>
    async (...args: unknown[]) => (calls.push(`${name} ${JSON.stringify(args)}`), result as T);
  const funds = { lockFunds: jest.fn(log('lockFunds', new Map())), move: jest.fn(log('move')) };
  const matches = { fundsOf: jest.fn(log('fundsOf', fundsOfCampaign)), announce: jest.fn(log('announce')) };
  const settlement = { settle: jest.fn(log('settle', committedNow)) };
  const consumer = new SpendMatchesOnTrancheReleased(
    funds as unknown as FundRepository,
    matches as unknown as MatchRepository,
    settlement as unknown as Settlement,
  );
  return { consumer, calls };
}
const released = (matchShares: { fundId: string; amount: number }[]) =>
  ({
    type: TrancheReleased.type,
    payload: { trancheId: 't1', campaignId: 'c1', donorAmount: 4000, matchShares, currency: 'EUR' },
  }) as unknown as EventEnvelope<never>;

describe('SpendMatchesOnTrancheReleased', () => {
  it("locks every fund involved, applies the campaign's success, then spends each share's exact amount", async () => {
    const { consumer, calls } = setup(false);
    await consumer.handle(
      released([
        { fundId: 'f2', amount: 1201 },
        { fundId: 'f0', amount: 0 },
        { fundId: 'f1', amount: 599 },
      ]),
    );
    expect(calls).toEqual([
      'fundsOf ["c1"]',
      'lockFunds [["f2","f1","f1","f3"]]',
      'settle ["c1",true]',
      'move ["f2",1201,"committed","spent"]',
      'move ["f1",599,"committed","spent"]',
    ]);
  });

  it('announces the match when this release is what committed it (campaign.succeeded not seen yet)', async () => {
    const { consumer, calls } = setup(true);
    await consumer.handle(released([{ fundId: 'f1', amount: 100 }]));
    expect(calls.slice(-2)).toEqual(['move ["f1",100,"committed","spent"]', 'announce ["c1"]']);
  });

  it('a tranche without match money spends nothing', async () => {
    const { consumer, calls } = setup(false, []);
    await consumer.handle(released([{ fundId: 'f1', amount: 0 }]));
    expect(calls).toEqual(['fundsOf ["c1"]', 'lockFunds [[]]', 'settle ["c1",true]']);
  });
});
