/**
 * The closed-loop load generator of bench/pledge-intake: N clients, each sending its next request when
 * the previous one answered, for a warm-up then a measured window; CPU snapshots (bench/support/cpu)
 * bracket the measured window. The platform levels and the bare-route ceiling both run on it.
 */
import { cpuSnapshot, CpuSnapshot } from './cpu';
import { rng } from './rng';

export interface LoadWindow {
  clients: number;
  warmupSeconds: number;
  seconds: number;
  /** Processes whose CPU is measured (PostgreSQL, the Kafka broker and the load generator are always added). */
  pids: Record<string, number | undefined>;
}

/**
 * Runs `iteration` in a loop on each of `clients` workers until the window ends; `measuring` is true for
 * iterations started after the warm-up, which are the ones to count. Returns the CPU used while measuring.
 */
export async function closedLoop(
  window: LoadWindow,
  iteration: (worker: number, random: () => number, measuring: boolean) => Promise<void>,
): Promise<{ before: CpuSnapshot; after: CpuSnapshot }> {
  const warmupEnd = Date.now() + window.warmupSeconds * 1000;
  const end = warmupEnd + window.seconds * 1000;
  const before = new Promise<CpuSnapshot>((resolve) => setTimeout(() => resolve(cpuSnapshot(window.pids)), Math.max(0, warmupEnd - Date.now())));
  const worker = async (i: number) => {
    const random = rng(1000 + i);
    while (Date.now() < end) await iteration(i, random, Date.now() >= warmupEnd);
  };
  await Promise.all(Array.from({ length: window.clients }, (_, i) => worker(i)));
  return { before: await before, after: cpuSnapshot(window.pids) };
}
