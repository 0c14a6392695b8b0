import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PLATFORM_CONFIG, PlatformConfig } from './config/platform-config';

/** A job finds due work in the database and does it; returns how many items it handled. */
export type JobFn = () => Promise<number>;

/**
 * Time-driven work (deadlines, schedules, expiries). Each job is a query for what is due by the
 * Clock, so a deadline that passed while the process was down fires on the next run after restart,
 * and every job is safe to run on several replicas at once (conditional updates, row locks).
 * In the background every JOBS_INTERVAL_MS; tests call runAll() instead of waiting.
 */
@Injectable()
export class JobRegistry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('jobs');
  private readonly jobs = new Map<string, JobFn>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  register(name: string, job: JobFn): void {
    this.jobs.set(name, job);
  }

  /** Runs every job once (concurrent calls share the run); how many items they handled in all. */
  runAll(): Promise<number> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<number> {
    let handled = 0;
    for (const [name, job] of this.jobs) {
      try {
        const n = await job();
        if (n > 0) this.logger.log(`${name}: ${n} handled`);
        handled += n;
      } catch (e) {
        this.logger.error(`${name} failed: ${(e as Error).message}`);
        if (!this.config.BACKGROUND_WORKERS) throw e;
      }
    }
    return handled;
  }

  onApplicationBootstrap(): void {
    if (!this.config.BACKGROUND_WORKERS) return;
    const loop = () => {
      this.timer = setTimeout(() => void this.runAll().finally(loop), this.config.JOBS_INTERVAL_MS);
    };
    // First run at once: deadlines missed while the process was down fire now.
    void this.runAll().finally(loop);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}
