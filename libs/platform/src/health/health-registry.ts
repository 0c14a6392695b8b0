import { Injectable } from '@nestjs/common';

export type HealthCheckFn = () => Promise<void>;

/** Components register a named readiness check (database, broker); /health runs them all. */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheckFn>();

  register(name: string, check: HealthCheckFn): void {
    this.checks.set(name, check);
  }

  entries(): [string, HealthCheckFn][] {
    return [...this.checks.entries()];
  }
}
