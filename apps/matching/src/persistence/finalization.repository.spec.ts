import type { OutboxWriter } from '@lib/messaging';
import type { Tx } from '@lib/platform';
import { FinalizationRepository } from './finalization.repository';

const at = new Date('2027-04-01T00:01:00.000Z');
const byFund = [
  { fundId: 'f1', funderId: 'u1', amount: 3_000, sourceTags: [] },
  { fundId: 'f2', funderId: 'u2', amount: 1_001, sourceTags: ['ESF+'] },
];

function build(wins: boolean) {
  const query = jest.fn(async (_sql: string, _params: unknown[]) => (wins ? [{ campaign_id: 'c1' }] : []));
  const outbox = { append: jest.fn(async () => undefined) };
  return { repo: new FinalizationRepository({ tx: { query } } as unknown as Tx, outbox as unknown as OutboxWriter), query, append: outbox.append };
}

describe('FinalizationRepository.claim', () => {
  it('states the match once, as the sum of the funds, and announces match.finalized', async () => {
    const { repo, query, append } = build(true);
    expect(await repo.claim({ campaignId: 'c1', currency: 'EUR', byFund }, at)).toBe(true);
    expect(query.mock.calls[0][1]).toEqual(['c1', 4_001, at]);
    expect(append).toHaveBeenCalledWith({
      contract: expect.objectContaining({ type: 'match.finalized' }),
      aggregateId: 'c1',
      payload: { campaignId: 'c1', currency: 'EUR', matchAmount: 4_001, byFund },
    });
  });

  it('announces nothing when another finalization claimed the campaign first', async () => {
    const { repo, append } = build(false);
    expect(await repo.claim({ campaignId: 'c1', currency: 'EUR', byFund: [] }, at)).toBe(false);
    expect(append).not.toHaveBeenCalled();
  });
});
