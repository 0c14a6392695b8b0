import { InProcessTransport } from './in-process.transport';
import type { ReceivedMessage, TransportMessage } from './transport';

const m = (topic: string, key: string): TransportMessage => ({ topic, key, value: key, headers: {} });
const seen = (batch: ReceivedMessage[]) => batch.map((r) => `${r.topic}:${r.key}@${r.offset}`).join(' ');

describe('InProcessTransport', () => {
  it('hands each group the runs of one topic of a publish call as batches, in publish order, every group a run before the next', async () => {
    const transport = new InProcessTransport();
    const calls: string[] = [];
    await transport.subscribe('x', ['a', 'b'], async (batch) => void calls.push(`x ${seen(batch)}`));
    await transport.subscribe('y', ['a'], async (batch) => void calls.push(`y ${seen(batch)}`));
    await transport.publish([m('a', '1'), m('a', '2'), m('b', '3'), m('a', '4')]);
    expect(calls).toEqual(['x a:1@0 a:2@1', 'y a:1@0 a:2@1', 'x b:3@0', 'x a:4@2', 'y a:4@2']);
  });

  it('hands a batch whose handler threw to it again, whole, before anything after it', async () => {
    const transport = new InProcessTransport();
    const calls: string[] = [];
    let crashes = 1;
    await transport.subscribe('x', ['a'], async (batch) => {
      calls.push(seen(batch));
      if (crashes-- > 0) throw new Error('crash');
    });
    await transport.publish([m('a', '1'), m('a', '2')]);
    await transport.publish([m('a', '3')]);
    expect(calls).toEqual(['a:1@0 a:2@1', 'a:1@0 a:2@1', 'a:3@2']);
  });

  it('slices runs to maxBatch messages (embedded mode: EMBEDDED_CONSUMER_BATCH), keeping the order', async () => {
    const transport = new InProcessTransport({ maxBatch: 2 });
    const calls: string[] = [];
    await transport.subscribe('x', ['a', 'b'], async (batch) => void calls.push(seen(batch)));
    await transport.publish([m('a', '1'), m('a', '2'), m('a', '3'), m('b', '4')]);
    expect(calls).toEqual(['a:1@0 a:2@1', 'a:3@2', 'b:4@0']);
  });
});
