/** A message as the broker carries it: value is the JSON envelope, key the aggregate id. */
export interface TransportMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

export interface ReceivedMessage extends TransportMessage {
  partition: number;
  offset: string;
}

/**
 * A subscription's handler: a batch of one topic-partition's messages, in order (Kafka: a fetched
 * batch; in-process: consecutive messages of one topic from one publish call). It resolves once every
 * message in it was handled; a throw means none of them counts as handled. `heartbeat` (Kafka) tells
 * the group the consumer is alive while a long batch is handled.
 */
export type MessageHandler = (messages: ReceivedMessage[], heartbeat?: () => Promise<void>) => Promise<void>;

export interface DeadLetter {
  group: string;
  message: ReceivedMessage;
  error: string;
  attempts: number;
}

/**
 * The port between the outbox/inbox machinery and a broker. Two adapters: Kafka (distributed)
 * and in-process (embedded, tests). Contract for both:
 * - `publish` resolves once the broker has durably accepted every message, in the given order
 *   per key (the relay marks rows published only after that);
 * - a subscription's handler sees one key's messages in order, in batches of one topic-partition; a
 *   batch whose handler throws is redelivered, whole (the consumer pipeline catches its own failures,
 *   so a throw means "crash"; the inbox makes the repeat of what it had applied harmless).
 */
export interface Transport {
  readonly name: 'kafka' | 'in-process';
  /** Creates topics (and their dead-letter topics) if missing. */
  ensureTopics(topics: string[]): Promise<void>;
  publish(messages: TransportMessage[]): Promise<void>;
  subscribe(group: string, topics: string[], handler: MessageHandler): Promise<void>;
  deadLetter(letter: DeadLetter): Promise<void>;
  /** Resolves when every subscription has handled everything published so far (tests, drain). */
  idle(timeoutMs?: number): Promise<void>;
  health(): Promise<void>;
  close(): Promise<void>;
}

export const TRANSPORT = Symbol('TRANSPORT');
export const dltTopic = (topic: string) => `${topic}.dlt`;
