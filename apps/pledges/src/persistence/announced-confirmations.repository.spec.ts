import type { OutboxWriter } from '@lib/messaging';
import type { Tx } from '@lib/platform';
import { AnnouncedConfirmations } from './announced-confirmations.repository';

describe('AnnouncedConfirmations.answerCutoff', () => {
  it('answers with the tally per campaign asked (each once, in order), in round.cutoff_tallied', async () => {
    const query = jest.fn(async (sql: string, _params?: unknown[]) => (sql.includes('count(*)') ? [{ campaign_id: 'c2', n: 4 }] : []));
    const outbox = { append: jest.fn(async () => undefined) };
    const repo = new AnnouncedConfirmations({ tx: { query } } as unknown as Tx, outbox as unknown as OutboxWriter);
    await repo.answerCutoff({ ruleId: 'r1', cutoff: '2027-01-06T10:00:00.000Z', campaignIds: ['c2', 'c1', 'c2'] });
    const counted = query.mock.calls.find(([sql]) => sql.includes('count(*)'));
    expect(counted?.[1]).toEqual([['c2', 'c1'], new Date('2027-01-06T10:00:00.000Z')]);
    expect(outbox.append).toHaveBeenCalledWith({
      contract: expect.objectContaining({ type: 'round.cutoff_tallied' }),
      aggregateId: 'r1',
      payload: {
        ruleId: 'r1',
        cutoff: '2027-01-06T10:00:00.000Z',
        campaigns: [
          { campaignId: 'c2', announced: 4 },
          { campaignId: 'c1', announced: 0 },
        ],
      },
    });
  });
});
