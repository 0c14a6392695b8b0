import type { OutboxWriter } from '@lib/messaging';
import type { Tx } from '@lib/platform';
import { MilestoneRepository } from './milestone.repository';

const at = new Date('2027-05-01T10:00:00.000Z');
const verdict = { id: 'v1', milestoneId: 'm1', verifierId: 'ver-1', verifiedValue: 80, notes: 'seen on site', verifiedAt: at };

function build() {
  const query = jest.fn(async () => []);
  const update = jest.fn(async () => undefined);
  const outbox = { append: jest.fn(async () => undefined) };
  const txHost = { tx: { query, getRepository: () => ({ update }) } } as unknown as Tx;
  return { repo: new MilestoneRepository(txHost, outbox as unknown as OutboxWriter), query, update, append: outbox.append };
}

describe('MilestoneRepository.recordVerdict', () => {
  it('stores an approval, verifies the milestone with its achievement and announces milestone.verified', async () => {
    const { repo, query, update, append } = build();
    await repo.recordVerdict('c1', { ...verdict, approved: true }, 8000);
    expect(query).toHaveBeenCalledWith(expect.stringContaining('INSERT INTO campaigns.milestone_verifications'), [
      'v1',
      'm1',
      'ver-1',
      80,
      true,
      'seen on site',
      at,
    ]);
    expect(update).toHaveBeenCalledWith({ id: 'm1' }, { status: 'verified', verifiedValue: 80, achievementBps: 8000, settledAt: at });
    expect(append).toHaveBeenCalledWith({
      contract: expect.objectContaining({ type: 'milestone.verified' }),
      aggregateId: 'c1',
      occurredAt: at,
      payload: { campaignId: 'c1', milestoneId: 'm1', verifiedValue: 80, verifierId: 'ver-1', achievementBps: 8000 },
    });
  });

  it('stores a refusal, fails the milestone and announces milestone.failed with the notes', async () => {
    const { repo, update, append } = build();
    await repo.recordVerdict('c1', { ...verdict, approved: false }, 8000);
    expect(update).toHaveBeenCalledWith({ id: 'm1' }, { status: 'failed', verifiedValue: 80, achievementBps: 8000, settledAt: at });
    expect(append).toHaveBeenCalledWith({
      contract: expect.objectContaining({ type: 'milestone.failed' }),
      aggregateId: 'c1',
      occurredAt: at,
      payload: { campaignId: 'c1', milestoneId: 'm1', verifiedValue: 80, verifierId: 'ver-1', notes: 'seen on site' },
    });
  });
});
