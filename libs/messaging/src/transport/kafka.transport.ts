import { Logger } from '@nestjs/common';
import { Admin, Consumer, Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { consumersCaughtUp, eachBatchHandler } from './kafka-consuming';
import { nestLogCreator } from './kafka-logging';
import { OffsetCommits } from './offset-commits';
import { DeadLetter, dltTopic, MessageHandler, Transport, TransportMessage } from './transport';

export interface KafkaTransportOptions {
  brokers: string[];
  clientId: string;
  /** Prefixed to topics and groups (isolates test runs sharing one broker). */
  namespace?: string;
  partitions: number;
}

/** A crashed consumer's partitions wait this long for it before the group moves on (kafkajs default: 30 s). */
export const CONSUMER_SESSION_TIMEOUT_MS = 10_000;

/**
 * Kafka adapter (kafkajs). Producer: idempotent, acks=all, one request in flight, so retries can
 * neither duplicate nor reorder a partition. Consumers: one group per service, offsets committed
 * by hand (batched: OffsetCommits) only after the message's effects (and inbox row) are committed in PostgreSQL: a crash in
 * between redelivers, and the inbox turns the redelivery into a no-op. Topics and their `.dlt`
 * companions are created at start (the broker has auto-creation off).
 */
export class KafkaTransport implements Transport {
  readonly name = 'kafka' as const;
  private readonly logger = new Logger('Kafka');
  private readonly kafka: Kafka;
  private readonly admin: Admin;
  private readonly producer: Producer;
  private readonly consumers: { group: string; topics: string[]; consumer: Consumer; commits: OffsetCommits }[] = [];
  private connected?: Promise<void>;
  private closing = false;

  constructor(private readonly options: KafkaTransportOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      // Bounded retries: a relay round that cannot publish fails and is retried from the outbox
      // (kafkajs warns this may break producer exactly-once; our consumers dedupe by inbox instead).
      retry: { initialRetryTime: 100, retries: 8 },
      logLevel: logLevel.WARN,
      logCreator: nestLogCreator(this.logger),
    });
    this.admin = this.kafka.admin();
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
  }

  private t(topic: string): string {
    return this.options.namespace ? `${this.options.namespace}.${topic}` : topic;
  }

  private untopic(topic: string): string {
    const prefix = this.options.namespace ? `${this.options.namespace}.` : '';
    return topic.startsWith(prefix) ? topic.slice(prefix.length) : topic;
  }

  private connect(): Promise<void> {
    this.connected ??= Promise.all([this.admin.connect(), this.producer.connect()]).then(() => undefined);
    return this.connected;
  }

  async ensureTopics(topics: string[]): Promise<void> {
    await this.connect();
    const existing = new Set(await this.admin.listTopics());
    const wanted = topics.flatMap((t) => [this.t(t), this.t(dltTopic(t))]).filter((t) => !existing.has(t));
    if (wanted.length === 0) return;
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: wanted.map((topic) => ({ topic, numPartitions: this.options.partitions, replicationFactor: 1 })),
    });
    this.logger.log(`created topics: ${wanted.join(', ')}`);
  }

  async publish(messages: TransportMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.connect();
    const byTopic = new Map<string, TransportMessage[]>();
    for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic.entries()].map(([topic, ms]) => ({
        topic: this.t(topic),
        messages: ms.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    });
  }

  async subscribe(group: string, topics: string[], handler: MessageHandler): Promise<void> {
    await this.connect();
    const groupId = this.t(group);
    this.consumers.push({ group: groupId, topics: topics.map((t) => this.t(t)), ...(await this.startConsumer(groupId, topics, handler)) });
  }

  private async startConsumer(groupId: string, topics: string[], handler: MessageHandler): Promise<{ consumer: Consumer; commits: OffsetCommits }> {
    // A short fetch wait keeps shutdown and rebalances quick (disconnect waits for the pending fetch).
    // The session timeout is how long a crashed member keeps its partitions (and blocks the group's
    // next join): kafkajs' 30 s default is lowered to CONSUMER_SESSION_TIMEOUT_MS.
    const consumer = this.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 250,
      sessionTimeout: CONSUMER_SESSION_TIMEOUT_MS,
      heartbeatInterval: 3000,
      retry: { retries: 10 },
    });
    // kafkajs restarts a consumer after a retriable crash only. After a non-retriable one -- e.g. its
    // offset commit refused with UNKNOWN_MEMBER_ID because the group evicted it while the broker
    // restarted or a handler ran past the session -- it stops for good, and the service would stop
    // consuming while looking healthy. Start a new consumer instead: it resumes from the committed
    // offsets, and the inbox turns the redelivered messages into no-ops. (Found by scripts/faults.)
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.closing) return;
      this.logger.error(`consumer group ${groupId} crashed (${payload.error.message}); kafkajs will not restart it: starting a new consumer`);
      setTimeout(() => {
        if (this.closing) return;
        this.startConsumer(groupId, topics, handler)
          .then((fresh) => {
            const entry = this.consumers.find((c) => c.consumer === consumer);
            if (entry) Object.assign(entry, fresh);
          })
          .catch((e: Error) => this.logger.error(`consumer group ${groupId} could not be restarted: ${e.message}`));
      }, 1000);
    });
    const commits = OffsetCommits.of(consumer, (m) => this.logger.warn(`consumer group ${groupId}: ${m}`));
    await consumer.connect();
    await consumer.subscribe({ topics: topics.map((t) => this.t(t)), fromBeginning: true });
    // run() resolves only once the group is joined, and a join waits until every member the group
    // still lists has rejoined or timed out: after a SIGKILL, that is the dead predecessor's whole
    // session. So the join runs in the background and the service answers HTTP meanwhile (commands
    // only write PostgreSQL and the outbox); consuming starts from the group's committed offsets once
    // joined, so nothing is skipped. (Found by scripts/faults: a restarted service refused
    // connections for ~30 s.)
    const running = consumer.run({
      autoCommit: false,
      // Partitions are handled concurrently; order is kept within each one (= per aggregate key).
      partitionsConsumedConcurrently: this.options.partitions,
      // A fetched batch goes to the pipeline whole (in slices), in order; the offset committed after it (see eachBatchHandler).
      eachBatchAutoResolve: false,
      eachBatch: eachBatchHandler(commits, handler, (topic) => this.untopic(topic)),
    });
    running.catch((e: Error) => this.logger.error(`consumer group ${groupId} failed to start: ${e.message}`));
    return { consumer, commits };
  }

  async deadLetter({ group, message, error, attempts }: DeadLetter): Promise<void> {
    await this.connect();
    await this.producer.send({
      topic: this.t(dltTopic(message.topic)),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            'x-original-topic': message.topic,
            'x-original-partition': String(message.partition),
            'x-original-offset': message.offset,
            'x-consumer-group': group,
            'x-attempts': String(attempts),
            'x-error': error.slice(0, 1000),
          },
        },
      ],
    });
  }

  /** Waits until every consumer group here has committed up to each partition's end. */
  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.caughtUp()) return;
      if (Date.now() > deadline) throw new Error(`Kafka consumers not caught up within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  private caughtUp(): Promise<boolean> {
    return consumersCaughtUp(this.admin, this.consumers);
  }

  async health(): Promise<void> {
    await this.connect();
    await this.admin.describeCluster();
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled(this.consumers.map((c) => c.commits.flush()));
    await Promise.allSettled(this.consumers.map((c) => c.consumer.disconnect()));
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }
}
