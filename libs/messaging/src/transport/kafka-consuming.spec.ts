import type { EachBatchPayload } from 'kafkajs';
import { eachBatchHandler, MAX_HANDLER_BATCH } from './kafka-consuming';
import type { OffsetCommits, PartitionOffset } from './offset-commits';
import type { ReceivedMessage } from './transport';

/** A fetched batch of `n` messages of partition 3 (offsets 100…), and what the loop did with it. */
function run(n: number, handler: (ms: ReceivedMessage[]) => Promise<void>, stale: (calls: number) => boolean = () => false) {
  const log: string[] = [];
  const commits = {
    add: (o: PartitionOffset) => void log.push(`commit ${o.offset}`),
    flush: async () => void log.push('flush'),
  } as unknown as OffsetCommits;
  const messages = Array.from({ length: n }, (_, i) => ({ offset: String(100 + i), key: Buffer.from(`k${i}`), value: Buffer.from(`v${i}`), headers: {} }));
  let handled = 0;
  const heartbeat = async () => undefined;
  const payload = {
    batch: { topic: 'ns.pledges.pledge', partition: 3, messages },
    resolveOffset: (o: string) => void log.push(`resolve ${o}`),
    heartbeat,
    isRunning: () => true,
    isStale: () => stale(handled),
  } as unknown as EachBatchPayload;
  const loop = eachBatchHandler(
    commits,
    async (ms, beat) => {
      log.push(`handle ${ms.length} from ${ms[0].offset}${beat === heartbeat ? ' (with heartbeat)' : ''}`);
      await handler(ms);
      handled++;
    },
    (t) => t.replace('ns.', ''),
  );
  return { log, done: loop(payload) };
}

describe('eachBatchHandler', () => {
  it('hands the batch over in order, in slices, and hands one commit over after the last one was handled', async () => {
    const got: ReceivedMessage[] = [];
    const { log, done } = run(MAX_HANDLER_BATCH + 5, async (ms) => void got.push(...ms));
    await done;
    const last = 100 + MAX_HANDLER_BATCH + 4;
    expect(log).toEqual([
      `handle ${MAX_HANDLER_BATCH} from 100 (with heartbeat)`,
      `resolve ${last - 5}`,
      `handle 5 from ${last - 4} (with heartbeat)`,
      `resolve ${last}`,
      `commit ${last + 1}`,
    ]);
    expect(got.map((m) => Number(m.offset))).toEqual(Array.from({ length: MAX_HANDLER_BATCH + 5 }, (_, i) => 100 + i));
    expect(got[0]).toEqual({ topic: 'pledges.pledge', partition: 3, offset: '100', key: 'k0', value: 'v0', headers: {} });
  });

  it('commits nothing past what was handled when a handler throws, so the rest is redelivered', async () => {
    const { log, done } = run(3, async () => Promise.reject(new Error('crash')));
    await expect(done).rejects.toThrow('crash');
    expect(log).toEqual(['handle 3 from 100 (with heartbeat)']);
    const second = run(MAX_HANDLER_BATCH + 1, async (ms) => (ms.length === 1 ? Promise.reject(new Error('crash')) : undefined));
    await expect(second.done).rejects.toThrow('crash');
    expect(second.log.filter((l) => l.startsWith('commit'))).toEqual([`commit ${100 + MAX_HANDLER_BATCH}`]);
  });

  it('stops between slices once the batch is stale (a rebalance), and commits at once', async () => {
    const { log, done } = run(
      MAX_HANDLER_BATCH * 2,
      async () => undefined,
      (handled) => handled > 0,
    );
    await done;
    expect(log).toEqual([
      `handle ${MAX_HANDLER_BATCH} from 100 (with heartbeat)`,
      `resolve ${99 + MAX_HANDLER_BATCH}`,
      `commit ${100 + MAX_HANDLER_BATCH}`,
      'flush',
    ]);
  });
});
