import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { ClsService } from 'nestjs-cls';
import { CampaignPublished } from '@lib/contracts';
import { KafkaTransport, kafkaOptions, MessageHandler, MessagingRegistry, OutboxWriter, TransportMessage } from '@lib/messaging';
import type { Tx } from '@lib/platform';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { createProbeTable, emitPublished, probeEffects, ProbeModule, publishedPayload } from '../support/probe';

/** Kafka whose consumer "crashes" (throws) once per chosen key right after the effect (of its whole batch) committed. */
class CrashAfterApply extends KafkaTransport {
  readonly crashOnce = new Set<string>();
  crashes = 0;
  override subscribe(group: string, topics: string[], handler: MessageHandler): Promise<void> {
    return super.subscribe(group, topics, async (messages, heartbeat) => {
      await handler(messages, heartbeat);
      if (messages.filter((m) => this.crashOnce.delete(m.key)).length > 0) {
        this.crashes++;
        throw new Error('simulated consumer crash after applying, before committing the offset');
      }
    });
  }
}

/** Kafka whose relay "crashes" once per chosen key after the broker accepted the batch. */
class CrashAfterPublish extends KafkaTransport {
  readonly crashOnce = new Set<string>();
  override async publish(messages: TransportMessage[]): Promise<void> {
    await super.publish(messages);
    if (messages.some((m) => this.crashOnce.delete(m.key))) throw new Error('simulated relay crash after publishing, before marking rows sent');
  }
}

/**
 * The outbox/inbox guarantees against a real broker (scripts/infra/start-kafka.sh) and PostgreSQL:
 * (a) consumer crash between effect and offset commit, (b) relay crash between publish and
 * marking sent, (c) rollback publishes nothing, (d) poison messages go to the dead-letter topic
 * without blocking their partition, (e) a transaction that commits late is not skipped.
 */
describe('messaging faults on real Kafka', () => {
  let p: TestPlatform;
  let consumerSide: CrashAfterApply;
  let producerSide: CrashAfterPublish;
  let kafka: Kafka;
  const topic = () => `${p.config.KAFKA_NAMESPACE}.campaigns.campaign`;

  beforeAll(async () => {
    p = await startTestPlatform({
      env: { CONSUMER_MAX_ATTEMPTS: '3' },
      extra: (s) => (s === 'pledges' ? [ProbeModule] : []),
      transport: (service, config) => {
        if (service === 'pledges') return (consumerSide = new CrashAfterApply(kafkaOptions(config)));
        if (service === 'campaigns') return (producerSide = new CrashAfterPublish(kafkaOptions(config)));
        return undefined;
      },
    });
    await createProbeTable(p);
    kafka = new Kafka({ clientId: 'fault-tests', brokers: p.config.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  });
  afterAll(() => p?.close());

  async function messagesOnTopic(): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic());
      return offsets.reduce((sum, o) => sum + Number(o.high), 0);
    } finally {
      await admin.disconnect();
    }
  }

  it('(a) a consumer that crashes after applying but before committing its offset gets the event again and applies it once', async () => {
    const id = randomUUID();
    consumerSide.crashOnce.add(id);
    await emitPublished(p, id);
    await p.drain();
    expect(consumerSide.crashes).toBeGreaterThanOrEqual(1);
    expect(consumerSide.crashOnce.has(id)).toBe(false);
    expect(await probeEffects(p, id)).toHaveLength(1);
    const [{ envelope }] = await p.db('campaigns').query(`SELECT envelope FROM campaigns.outbox_messages WHERE message_key = $1`, [id]);
    const duplicates = await p.db('pledges').query(`SELECT consumer FROM pledges.inbox_messages WHERE event_id = $1`, [envelope.id]);
    expect(duplicates).toHaveLength(2); // ProbeConsumer + TrackCampaignOnCampaignPublished, one row each
  });

  it('(b) a relay that crashes after publishing but before marking the row sent publishes it twice; it is applied once', async () => {
    const id = randomUUID();
    const before = await messagesOnTopic();
    producerSide.crashOnce.add(id);
    await emitPublished(p, id);
    const campaignsMessaging = p.app('campaigns').get(MessagingRegistry);
    await expect(campaignsMessaging.publishPending()).rejects.toThrow('simulated relay crash');
    const [row] = await p.db('campaigns').query(`SELECT published_at FROM campaigns.outbox_messages WHERE message_key = $1`, [id]);
    expect(row.published_at).toBeNull();
    await p.drain();
    expect(await messagesOnTopic()).toBe(before + 2);
    expect(await probeEffects(p, id)).toHaveLength(1);
  });

  it('(c) a rolled-back transaction publishes nothing to Kafka', async () => {
    const id = randomUUID();
    const before = await messagesOnTopic();
    await emitPublished(p, id, { rollback: true });
    await p.drain();
    expect(await messagesOnTopic()).toBe(before);
    expect(await probeEffects(p, id)).toHaveLength(0);
  });

  it('(d) a poison message lands in the dead-letter topic and the partition keeps moving', async () => {
    const key = randomUUID();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: topic(), messages: [{ key, value: 'this is not an event' }] });
    await producer.disconnect();
    await emitPublished(p, key); // same key → same partition, right behind the poison message
    await p.drain();
    expect(await probeEffects(p, key)).toHaveLength(1);

    const dlt = kafka.consumer({ groupId: `dlt-reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await dlt.connect();
    await dlt.subscribe({ topic: `${topic()}.dlt`, fromBeginning: true });
    const letters: { key: string; value: string; headers: Record<string, string> }[] = [];
    const found = new Promise<void>((resolve) => {
      void dlt.run({
        eachMessage: async ({ message }) => {
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
          letters.push({ key: String(message.key), value: String(message.value), headers });
          if (new Set(letters.filter((l) => l.key === key).map((l) => l.headers['x-consumer-group'])).size === 3) resolve();
        },
      });
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('dead letters missing after 30 s')), 30_000)));
    await Promise.race([found, timeout]).finally(() => clearTimeout(timer));
    await dlt.disconnect();
    // Every consuming service (consumer group) dead-letters its own copy.
    const mine = letters.filter((l) => l.key === key);
    expect(mine.map((l) => l.headers['x-consumer-group']).sort()).toEqual(['matching', 'payouts', 'pledges']);
    for (const letter of mine) {
      expect(letter.value).toBe('this is not an event');
      expect(letter.headers).toMatchObject({ 'x-original-topic': 'campaigns.campaign', 'x-attempts': '1' });
      expect(letter.headers['x-error']).toMatch(/not JSON/);
    }
  });

  it('(e) a transaction that commits late is not skipped, and events go out in commit order', async () => {
    const ds = p.db('campaigns');
    const cls = p.app('campaigns').get(ClsService);
    const key = randomUUID();
    const early = ds.createQueryRunner();
    const late = ds.createQueryRunner();
    const writerOn = (qr: typeof early) => new OutboxWriter('campaigns', { isTransactionActive: () => true, tx: qr.manager } as unknown as Tx, cls);
    await early.startTransaction();
    const [first] = await writerOn(early).append({ contract: CampaignPublished, aggregateId: key, payload: publishedPayload(key) });
    await late.startTransaction();
    const [second] = await writerOn(late).append({ contract: CampaignPublished, aggregateId: key, payload: publishedPayload(key) });
    await late.commitTransaction();
    // `early` is still open: its row is invisible, and the committed `late` row must wait behind it.
    expect(await p.app('campaigns').get(MessagingRegistry).publishPending()).toBe(0);
    await early.commitTransaction();
    await early.release();
    await late.release();
    await p.drain();
    expect((await probeEffects(p, key)).map((e) => e.event_id)).toEqual([first.id, second.id]);
  });
});
