import type { ServiceName } from '../database/service-database.module';

/**
 * The append-only audit log of privileged actions (approving campaigns, opening calls, creating
 * and topping up funds, verifying milestones, releasing tranches, refunds, ...). Each service
 * keeps its own log in its own schema (`<schema>.audit_log`):
 *  - a succeeded action is written in the SAME transaction as its effect, so there is no effect
 *    without its entry and no entry without its effect;
 *  - a refused one (403/404/409/422 raised by the handler, or 403 for a wrong role, raised by the
 *    guard) is written after the rollback, in its own transaction, with the reason;
 *  - UPDATE, DELETE and TRUNCATE on the table are refused by a trigger, for every database role
 *    including the service's own.
 * Request bodies are kept (they are the action's parameters) with secret-looking fields redacted.
 *
 * This file holds the table (DDL for each service's migration); the pieces around it: audited-action.ts
 * (what an endpoint declares), audited.decorator.ts, audit.interceptor.ts (writes the entries),
 * audit-trail.ts (the INSERTs), audit-sanitize.ts (what a body may leave in the log) and
 * audit-log.controller.ts (`GET /audit/<service>`).
 */
export function auditLogTableUp(schema: ServiceName): string[] {
  return [
    `CREATE TABLE "${schema}".audit_log (
       seq           bigserial   PRIMARY KEY,
       at            timestamptz NOT NULL,
       actor_id      text        NOT NULL,
       actor_roles   text[]      NOT NULL,
       action        text        NOT NULL,
       resource_type text        NOT NULL,
       resource_id   text,
       outcome       text        NOT NULL CHECK (outcome IN ('succeeded', 'refused')),
       status        int         NOT NULL,
       reason        text,
       request_id    text,
       method        text        NOT NULL,
       path          text        NOT NULL,
       details       jsonb       NOT NULL DEFAULT '{}'::jsonb
     )`,
    `CREATE INDEX audit_log_resource_idx ON "${schema}".audit_log (resource_id, seq)`,
    `CREATE INDEX audit_log_actor_idx ON "${schema}".audit_log (actor_id, seq)`,
    `CREATE FUNCTION "${schema}".audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
     END $$`,
    `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON "${schema}".audit_log
       FOR EACH STATEMENT EXECUTE FUNCTION "${schema}".audit_log_append_only()`,
  ];
}
export const auditLogTableDown = (schema: ServiceName) => [`DROP TABLE "${schema}".audit_log`, `DROP FUNCTION "${schema}".audit_log_append_only()`];
