import type { DataSource } from 'typeorm';
import type { EventEnvelope } from '@lib/contracts';
import type { Tx } from '@lib/platform';
import { Inbox, inboxKey } from './inbox';

const envelope = (id: string) => ({ id, type: 'pledge.confirmed', schemaVersion: 1 }) as EventEnvelope;

function setup(returned: { consumer: string; event_id: string }[], active = true) {
  const queries: { sql: string; params: unknown[] }[] = [];
  const txHost = {
    isTransactionActive: () => active,
    tx: { query: async (sql: string, params: unknown[]) => (queries.push({ sql, params }), returned) },
  } as unknown as Tx;
  return { inbox: new Inbox('campaigns', txHost, {} as DataSource), queries };
}

describe('Inbox.claimAll', () => {
  it('claims a batch in one statement, each pair once, and names the pairs the database inserted', async () => {
    const { inbox, queries } = setup([{ consumer: 'A', event_id: 'e1' }]);
    const claimed = await inbox.claimAll([
      { consumer: 'A', envelope: envelope('E1'), topic: 'pledges.pledge' },
      { consumer: 'B', envelope: envelope('e1'), topic: 'pledges.pledge' },
      { consumer: 'A', envelope: envelope('E1'), topic: 'pledges.pledge' }, // the same event twice in the batch
    ]);
    expect(queries).toHaveLength(1);
    expect(queries[0].sql).toMatch(
      /INSERT INTO "campaigns"\.inbox_messages .* SELECT \* FROM unnest\(.*\)\s+ON CONFLICT \(consumer, event_id\) DO NOTHING RETURNING/s,
    );
    expect(queries[0].params).toEqual([
      ['A', 'B'],
      ['E1', 'e1'],
      ['pledge.confirmed.v1', 'pledge.confirmed.v1'],
      ['pledges.pledge', 'pledges.pledge'],
    ]);
    // PostgreSQL returns uuids in lower case: the keys do not depend on the producer's spelling
    expect(claimed).toEqual(new Set([inboxKey('A', 'E1')]));
  });

  it('sends nothing for an empty batch, and refuses to run outside the consumer transaction', async () => {
    const { inbox, queries } = setup([]);
    expect(await inbox.claimAll([])).toEqual(new Set());
    expect(queries).toHaveLength(0);
    await expect(setup([], false).inbox.claimAll([])).rejects.toThrow('Inbox.claimAll must run inside the consumer transaction');
  });
});
