import { randomUUID } from 'node:crypto';
import { getTransactionHostToken } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import type { DataSource } from 'typeorm';
import { CampaignPublished } from '@lib/contracts';
import { onOutboxCommitted, OutboxRelay, OutboxWriter } from '@lib/messaging';
import type { Tx } from '@lib/platform';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { publishedPayload } from '../support/probe';
import { RecordingTransport } from '../support/recording-transport';

/**
 * The relay looks right after a local COMMIT that wrote outbox rows, in both modes (embedded has
 * no LISTEN at all): with polling set to an hour and no LISTEN session, only the after-commit
 * wake-up can make it publish. A rolled-back write wakes nothing and publishes nothing.
 */
describe('outbox relay woken right after a local commit', () => {
  let p: TestPlatform;
  let ds: DataSource;
  let relay: OutboxRelay;
  let wakes = 0;
  const recorder = new RecordingTransport();

  const emit = async (key: string, rollback = false) => {
    const app = p.app('campaigns');
    const txHost = app.get<Tx>(getTransactionHostToken('campaigns'));
    const writer = new OutboxWriter('campaigns', txHost, app.get(ClsService), () => {
      throw new Error('the writer fell back to a timed nudge: its transaction had no query runner to mark');
    });
    await txHost.withTransaction(async () => {
      await writer.append({ contract: CampaignPublished, aggregateId: key, payload: publishedPayload(key) });
      if (rollback) throw new Error('rolled back on purpose');
    });
  };

  beforeAll(async () => {
    p = await startTestPlatform();
    ds = p.db('campaigns');
    await ds.query(`UPDATE campaigns.outbox_messages SET published_at = now() WHERE published_at IS NULL`);
    await ds.query(`UPDATE campaigns.outbox_relay_lease SET expires_at = 'epoch'`);
    relay = new OutboxRelay('campaigns', ds, recorder.asTransport(), { batchSize: 50, pollMs: 3_600_000, leaseSeconds: 3600 });
    onOutboxCommitted(ds, () => {
      wakes++;
      relay.committed();
    });
    relay.start();
    await relay.publishPending(); // the first round: nothing; from now on only a commit wakes it
  });
  afterAll(async () => {
    await relay?.stop();
    await p?.close();
  });

  it('publishes a committed event without waiting for the (hour-long) poll', async () => {
    const key = randomUUID();
    await emit(key);
    expect(wakes).toBe(1);
    expect(await recorder.within(key, 30_000)).toBe('published');
    expect(recorder.messages.filter((m) => m.key === key)).toHaveLength(1);
  });

  it('is not woken by a rolled-back write, nor by a later commit without outbox rows', async () => {
    const lost = randomUUID();
    await expect(emit(lost, true)).rejects.toThrow('rolled back on purpose');
    await ds.transaction((m) => m.query('SELECT 1'));
    expect(wakes).toBe(1);
    const key = randomUUID();
    await emit(key);
    expect(wakes).toBe(2);
    await recorder.published(key);
    expect(recorder.messages.some((m) => m.key === lost)).toBe(false);
  });
});
