/** Quiet: every outbox published and every consumer group caught up (and the dead-letter topics' depth). */
import { AssignerProtocol, Kafka, logLevel } from 'kafkajs';
import { KAFKA_PORT, NAMESPACE, QUIESCE_S, SERVICES, sleep } from './config';
import { pg } from './support';

/** A member's subscribed topics; none while its group rebalances (the metadata is then empty or partial, and decode throws RangeError). */
function subscriptions(metadata: Buffer): string[] {
  try {
    return AssignerProtocol.MemberMetadata.decode(metadata)?.topics ?? [];
  } catch {
    return [];
  }
}

export async function consumerLag(): Promise<{ lag: number; groups: number; dlt: number }> {
  const kafka = new Kafka({ clientId: 'faults-checker', brokers: [`127.0.0.1:${KAFKA_PORT}`], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${NAMESPACE}.`));
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(`${NAMESPACE}.`));
    const high = new Map<string, number>();
    let dlt = 0;
    for (const t of topics) {
      for (const p of await admin.fetchTopicOffsets(t)) {
        high.set(`${t}/${p.partition}`, Number(p.high));
        if (t.endsWith('.dlt')) dlt += Number(p.high) - Number(p.low);
      }
    }
    // each group's own topics, from its live members' subscriptions (every service is up by now)
    let lag = 0;
    const described = await admin.describeGroups(groups);
    for (const g of described.groups) {
      const subscribed = new Set<string>();
      for (const m of g.members) for (const t of subscriptions(m.memberMetadata)) subscribed.add(t);
      if (subscribed.size === 0) return { lag: -1, groups: groups.length, dlt };
      for (const t of await admin.fetchOffsets({ groupId: g.groupId, topics: [...subscribed] })) {
        for (const p of t.partitions) {
          const h = high.get(`${t.topic}/${p.partition}`) ?? 0;
          lag += Math.max(0, h - Math.max(0, Number(p.offset)));
        }
      }
    }
    return { lag, groups: groups.length, dlt };
  } finally {
    await admin.disconnect();
  }
}

export async function quiesce(): Promise<number> {
  const t = Date.now();
  const db = await pg();
  try {
    let last = '';
    for (;;) {
      const outbox: number[] = [];
      for (const s of SERVICES) outbox.push(Number((await db.query(`SELECT count(*) AS n FROM ${s}.outbox_messages WHERE published_at IS NULL`)).rows[0].n));
      let kafka = { lag: -1, groups: 0, dlt: 0 };
      try {
        kafka = await consumerLag();
      } catch (e) {
        last = `kafka admin: ${(e as Error).message}`;
      }
      // pledges, matching, payouts, campaigns each consume something; all four groups must exist
      const quiet = outbox.every((n) => n === 0) && kafka.lag === 0 && kafka.groups === 4;
      last = `outbox unpublished ${outbox.join('/')}, consumer lag ${kafka.lag}, groups ${kafka.groups}`;
      if (quiet) return Date.now() - t;
      if (Date.now() - t > QUIESCE_S * 1000) throw new Error(`not quiet after ${QUIESCE_S} s: ${last}`);
      await sleep(500);
    }
  } finally {
    await db.end();
  }
}
