/**
 * DDL of the outbox, inbox and relay lease of one service, in that service's schema. Each
 * service's first migration calls these, so the tables are versioned with the service.
 *
 * The outbox row records its writer's transaction id (xid8). The relay publishes only rows of
 * transactions older than every transaction still running (`tx_id < pg_snapshot_xmin`), in
 * (tx_id, id) order, and claims nothing by "id greater than the last seen": a transaction that
 * commits late can never be skipped, and publish order follows commit order.
 */
export function messagingTablesUp(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `CREATE TABLE ${s}.outbox_messages (
       id           bigserial PRIMARY KEY,
       tx_id        xid8        NOT NULL DEFAULT pg_current_xact_id(),
       event_id     uuid        NOT NULL UNIQUE,
       event_type   text        NOT NULL,
       topic        text        NOT NULL,
       message_key  text        NOT NULL,
       envelope     jsonb       NOT NULL,
       created_at   timestamptz NOT NULL DEFAULT now(),
       published_at timestamptz
     )`,
    `CREATE INDEX outbox_messages_unpublished ON ${s}.outbox_messages (tx_id, id) WHERE published_at IS NULL`,
    `CREATE TABLE ${s}.inbox_messages (
       consumer    text        NOT NULL,
       event_id    uuid        NOT NULL,
       event_type  text        NOT NULL,
       topic       text        NOT NULL,
       status      text        NOT NULL DEFAULT 'done' CHECK (status IN ('done', 'dead')),
       attempts    int         NOT NULL DEFAULT 1,
       last_error  text,
       received_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (consumer, event_id)
     )`,
    `CREATE TABLE ${s}.outbox_relay_lease (
       name       text PRIMARY KEY,
       holder     text,
       expires_at timestamptz NOT NULL DEFAULT 'epoch'
     )`,
    `INSERT INTO ${s}.outbox_relay_lease (name) VALUES ('relay')`,
  ];
}

export function messagingTablesDown(schema: string): string[] {
  const s = `"${schema}"`;
  return [`DROP TABLE ${s}.outbox_relay_lease`, `DROP TABLE ${s}.inbox_messages`, `DROP TABLE ${s}.outbox_messages`];
}

/** The channel on which a service's outbox announces committed rows (LISTENed by its relay). */
export const outboxChannel = (schema: string) => `civic_outbox_${schema}`;

/**
 * A statement-level trigger that NOTIFYs the outbox channel. PostgreSQL delivers a notification
 * only when (and if) its transaction commits, so the relay wakes exactly when there is something
 * it can publish — instead of finding it at its next poll (OUTBOX_POLL_MS later).
 */
export function outboxNotifyUp(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `CREATE FUNCTION ${s}.outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       PERFORM pg_notify('${outboxChannel(schema)}', '');
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER outbox_notify AFTER INSERT ON ${s}.outbox_messages FOR EACH STATEMENT EXECUTE FUNCTION ${s}.outbox_notify()`,
  ];
}
export function outboxNotifyDown(schema: string): string[] {
  const s = `"${schema}"`;
  return [`DROP TRIGGER outbox_notify ON ${s}.outbox_messages`, `DROP FUNCTION ${s}.outbox_notify()`];
}
