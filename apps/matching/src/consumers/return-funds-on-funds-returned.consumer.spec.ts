import { EventEnvelope, FundsReturned } from '@lib/contracts';
import type { FundRepository } from '../persistence/fund.repository';
import type { MatchRepository } from '../persistence/match.repository';
import type { Settlement } from '../services/settlement';
import { ReturnFundsOnFundsReturned } from './return-funds-on-funds-returned.consumer';

const payload = { returnId: 'ret-1', trancheId: 't1', fundId: 'f2', campaignId: 'c1', amount: 1799, currency: 'EUR', reason: 'milestone m1 failed' };
const returned = { type: FundsReturned.type, payload } as unknown as EventEnvelope<never>;

function setup(fund: { closed: boolean } | null, recorded = true) {
  const calls: string[] = [];
  const log =
    <T>(name: string, result?: T) =>
    async (...args: unknown[]) => (calls.push(`${name} ${JSON.stringify(args)}`), result as T);
  const funds = {
    lockFunds: jest.fn(log('lockFunds', new Map())),
    closedForUpdate: jest.fn(log('closedForUpdate', fund)),
    recordReturn: jest.fn(log('recordReturn', recorded)),
    move: jest.fn(log('move')),
  };
  const matches = { fundsOf: jest.fn(log('fundsOf', ['f1', 'f2'])) };
  const settlement = { settle: jest.fn(log('settle', false)) };
  const consumer = new ReturnFundsOnFundsReturned(
    funds as unknown as FundRepository,
    matches as unknown as MatchRepository,
    settlement as unknown as Settlement,
  );
  return { consumer, calls };
}

describe('ReturnFundsOnFundsReturned', () => {
  it('locks the funds and applies the success first, then makes the returned money available again', async () => {
    const { consumer, calls } = setup({ closed: false });
    await consumer.handle(returned);
    expect(calls).toEqual([
      'fundsOf ["c1"]',
      'lockFunds [["f2","f1","f2"]]',
      'settle ["c1",true]',
      'closedForUpdate ["f2"]',
      'recordReturn [{"returnId":"ret-1","fundId":"f2","campaignId":"c1","amount":1799,"to":"available","reason":"milestone m1 failed"}]',
      'move ["f2",1799,"committed","available"]',
    ]);
  });

  it('counts the money returned to the funder when the fund is closed', async () => {
    const { consumer, calls } = setup({ closed: true });
    await consumer.handle(returned);
    expect(calls.slice(-2)).toEqual([expect.stringContaining('"to":"returned"'), 'move ["f2",1799,"committed","returned"]']);
  });

  it('moves nothing for a return recorded already (the same returnId again)', async () => {
    const { consumer, calls } = setup({ closed: false }, false);
    await consumer.handle(returned);
    expect(calls[calls.length - 1]).toMatch(/^recordReturn /);
    expect(calls.some((c) => c.startsWith('move'))).toBe(false);
  });

  it('fails for an unknown fund, recording and moving nothing', async () => {
    const { consumer, calls } = setup(null);
    await expect(consumer.handle(returned)).rejects.toThrow('funds.returned for unknown fund f2');
    expect(calls.some((c) => c.startsWith('recordReturn') || c.startsWith('move'))).toBe(false);
  });
});
