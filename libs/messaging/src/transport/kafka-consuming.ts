import type { Admin, EachBatchHandler, IHeaders, KafkaMessage } from 'kafkajs';
import type { OffsetCommits } from './offset-commits';
import type { MessageHandler, ReceivedMessage } from './transport';

/**
 * At most this many messages per handler call (= per consumer transaction). A fetch brings up to
 * maxBytesPerPartition (1 MB) of one partition, thousands of events when a group lags; slices keep
 * a transaction (and the row locks its handlers take) short, and let us heartbeat between them.
 */
export const MAX_HANDLER_BATCH = 200;

/**
 * The batch loop of a KafkaTransport consumer: the fetched batch of one partition goes to the
 * handler in order, in slices of MAX_HANDLER_BATCH (the consumer pipeline applies a slice in one
 * transaction, inbox rows included). A slice's offsets are resolved only after its handler returned,
 * and the offset up to the last handled slice is handed to `commits` once per fetched batch (sent
 * within a few ms, with the other partitions': OffsetCommits) — also when a handler threw, so what
 * was handled before it is not redelivered, and the rest comes again; at once when the consumer
 * stops or the batch went stale (a rebalance). A crash before the commit redelivers handled
 * messages, which the inbox turns into no-ops.
 */
export function eachBatchHandler(commits: OffsetCommits, handler: MessageHandler, untopic: (topic: string) => string): EachBatchHandler {
  return async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
    const { topic, partition } = batch;
    let last: string | undefined;
    try {
      for (let start = 0; start < batch.messages.length; start += MAX_HANDLER_BATCH) {
        if (!isRunning() || isStale()) break;
        const slice = batch.messages.slice(start, start + MAX_HANDLER_BATCH);
        await handler(
          slice.map((message) => received(untopic(topic), partition, message)),
          heartbeat,
        );
        last = slice[slice.length - 1].offset;
        resolveOffset(last);
        await heartbeat();
      }
    } finally {
      if (last !== undefined) commits.add({ topic, partition, offset: (BigInt(last) + 1n).toString() });
      if (!isRunning() || isStale()) await commits.flush();
    }
  };
}

function received(topic: string, partition: number, message: KafkaMessage): ReceivedMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? '',
    value: message.value?.toString() ?? '',
    headers: decodeHeaders(message.headers),
  };
}

/** Whether every consumer group has committed up to each partition's end (KafkaTransport.idle). */
export async function consumersCaughtUp(admin: Admin, consumers: { group: string; topics: string[] }[]): Promise<boolean> {
  for (const { group, topics } of consumers) {
    const committed = await admin.fetchOffsets({ groupId: group, topics });
    for (const { topic, partitions } of committed) {
      const ends = await admin.fetchTopicOffsets(topic);
      for (const end of ends) {
        const done = partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
        const high = BigInt(end.high);
        if (high > 0n && BigInt(done) < high) return false;
      }
    }
  }
  return true;
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.map(String).join(',') : v.toString();
  }
  return out;
}
