import type { DataSource } from 'typeorm';
import type { Service } from '@lib/contracts';
import { returnedRows } from '@lib/platform';

export interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  event_id: string;
  event_type: string;
  envelope: string;
}

/** The OutboxRelay's SQL over a service's outbox_messages and its outbox_relay_lease row. */
export class OutboxStore {
  constructor(
    private readonly service: Service,
    private readonly ds: DataSource,
  ) {}

  /** Unpublished rows of finished transactions only (tx_id below the snapshot horizon), in commit order. */
  committedUnpublished(limit: number): Promise<OutboxRow[]> {
    return this.ds.query(
      `SELECT id, topic, message_key, event_id, event_type, envelope::text AS envelope
         FROM "${this.service}".outbox_messages
        WHERE published_at IS NULL
          AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY tx_id, id
        LIMIT $1`,
      [limit],
    );
  }

  /** Whether any row is unpublished, committed or not (committed ones may wait behind an older transaction). */
  async anyUnpublished(): Promise<boolean> {
    const [waiting]: unknown[] = await this.ds.query(`SELECT 1 FROM "${this.service}".outbox_messages WHERE published_at IS NULL LIMIT 1`);
    return waiting !== undefined;
  }

  async markPublished(ids: string[]): Promise<void> {
    await this.ds.query(`UPDATE "${this.service}".outbox_messages SET published_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /** Takes or renews the lease for `holder`; false while another holder's lease runs. */
  async takeLease(holder: string, leaseSeconds: number): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `UPDATE "${this.service}".outbox_relay_lease
          SET holder = $1, expires_at = now() + make_interval(secs => $2)
        WHERE name = 'relay' AND (holder = $1 OR expires_at < now())
        RETURNING name`,
      [holder, leaseSeconds],
    );
    return returnedRows(rows).length > 0;
  }

  /** Gives the lease up (if `holder` has it) so a replica can take over at once. */
  async giveUpLease(holder: string): Promise<void> {
    await this.ds.query(`UPDATE "${this.service}".outbox_relay_lease SET expires_at = 'epoch' WHERE name = 'relay' AND holder = $1`, [holder]);
  }
}
