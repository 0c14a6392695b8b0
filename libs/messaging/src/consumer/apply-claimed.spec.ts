import type { EventEnvelope } from '@lib/contracts';
import { applyClaimed, ClaimedPair } from './apply-claimed';
import type { EventHandler } from './event-consumer';

const env = (id: string) => ({ id }) as EventEnvelope;

describe('applyClaimed', () => {
  it('hands a consumer with handleBatch each run of its consecutive events at once, the others one by one, in order', async () => {
    const calls: string[] = [];
    const causes: string[] = [];
    const batched: EventHandler = {
      handle: async (e) => void calls.push(`B ${e.id}`),
      handleBatch: async (es) => void calls.push(`B [${es.map((e) => e.id).join(' ')}]`),
    };
    const single: EventHandler = { handle: async (e) => void calls.push(`S ${e.id}`) };
    const pair = (consumer: string, id: string): ClaimedPair => ({ consumer, handler: consumer === 'B' ? batched : single, envelope: env(id) });
    const pairs = [
      pair('B', '1'),
      pair('B', '2'),
      pair('S', '2'),
      pair('S', '3'),
      pair('B', '4'),
      pair('B', '5'),
      pair('B', '6'),
      pair('S', '7'),
      pair('B', '8'),
    ];
    await applyClaimed(pairs, (e) => void causes.push(e.id));
    expect(calls).toEqual(['B [1 2]', 'S 2', 'S 3', 'B [4 5 6]', 'S 7', 'B 8']);
    expect(causes).toEqual(['2', '2', '3', '6', '7', '8']);
  });

  it('stops at the first throw (the batch transaction then rolls back)', async () => {
    const calls: string[] = [];
    const handler: EventHandler = {
      handle: async (e) => {
        calls.push(e.id);
        if (e.id === '2') throw new Error('poison');
      },
    };
    const pairs = ['1', '2', '3'].map((id) => ({ consumer: 'S', handler, envelope: env(id) }));
    await expect(applyClaimed(pairs, () => undefined)).rejects.toThrow('poison');
    expect(calls).toEqual(['1', '2']);
  });
});
