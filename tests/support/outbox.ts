import type { TestPlatform } from './harness';

/** The event types a campaign's outbox holds, in the order campaigns wrote them. */
export async function outboxTypes(p: TestPlatform, campaignId: string): Promise<string[]> {
  const rows = await p.db('campaigns').query(`SELECT event_type FROM campaigns.outbox_messages WHERE message_key = $1 ORDER BY id`, [campaignId]);
  return rows.map((r: { event_type: string }) => r.event_type);
}
