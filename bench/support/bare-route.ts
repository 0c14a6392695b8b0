/**
 * The framework ceiling of bench/pledge-intake: a bare NestJS (Express) app whose only route,
 * POST /pledges, runs pgbench's transaction through a pg Pool — BEGIN, the pledge INSERT, the outbox
 * INSERT (the same statements, prepared, see ceilingSchema), COMMIT — one transaction per request.
 * No validation, auth, idempotency, logging, TypeORM or outbox relay: what is left is the floor every
 * platform request pays (HTTP, Nest routing, JSON, pg). Run as a child process by framework-ceiling.ts
 * (DATABASE_URL, DATABASE_POOL_SIZE); it listens on a free port, prints it, creates its rows in schema
 * bench_bare and drops the schema on SIGTERM.
 */
import 'reflect-metadata';
import { Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Pool } from 'pg';
import { ceilingSchema, CeilingSql } from './pgbench';

const SCHEMA = 'bench_bare';
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10), // the platform's default pool (DATABASE_POOL_SIZE)
  application_name: 'civic-bare-route',
});
let sql: CeilingSql;

@Controller()
class BareController {
  @Get('health')
  health() {
    return { status: 'ok' };
  }

  @Post('pledges')
  async pledge(): Promise<{ ok: true }> {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query({ name: 'bare-pledge', text: sql.pledge });
      await c.query({ name: 'bare-outbox', text: sql.outbox });
      await c.query('COMMIT');
      c.release();
      return { ok: true };
    } catch (e) {
      c.release(e as Error); // a broken transaction's connection is not reused
      throw e;
    }
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main() {
  const setup = await pool.connect();
  try {
    sql = await ceilingSchema(setup, SCHEMA);
  } finally {
    setup.release();
  }
  const app = await NestFactory.create(BareModule, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  console.log(`bare-route listening on ${address.port}`);
  process.once('SIGTERM', () => {
    void (async () => {
      await app.close();
      await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
      await pool.end();
      process.exit(0);
    })();
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
