/**
 * CPU time by component, read from /proc (Linux): what each process of the platform — the
 * services, PostgreSQL (every backend plus what exited backends left to the postmaster), the
 * Kafka broker — and the load generator itself consumed between two snapshots. Divided by the
 * work done, it says where the time goes, and it holds even when other programs share the cores.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

function ticks(pid: number, withChildren = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11..14] = utime, stime, cutime, cstime (stat fields 14..17)
    const own = Number(fields[11]) + Number(fields[12]);
    return withChildren ? own + Number(fields[13]) + Number(fields[14]) : own;
  } catch {
    return 0; // the process is gone
  }
}

function pids(name: string): number[] {
  try {
    return execFileSync('pgrep', ['-x', name], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function kafkaPid(): number | undefined {
  const file = join(process.env.CIVIC_RUN_DIR ?? join(homedir(), '.cache', 'civic', 'run'), 'kafka.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) || undefined : undefined;
}

export type CpuSnapshot = Map<string, number>;

/** CPU milliseconds used so far by each component; `services` maps a name to its process id. */
export function cpuSnapshot(services: Record<string, number | undefined>): CpuSnapshot {
  const snap: CpuSnapshot = new Map();
  for (const [name, pid] of Object.entries(services)) if (pid) snap.set(name, ticks(pid));
  // postgres: all live processes; the postmaster (lowest pid, parent of the others) also carries exited backends
  const pg = pids('postgres').sort((a, b) => a - b);
  snap.set(
    'postgresql',
    pg.reduce((sum, pid, i) => sum + ticks(pid, i === 0), 0),
  );
  const kafka = kafkaPid();
  if (kafka) snap.set('kafka broker', ticks(kafka));
  snap.set('load generator', ticks(process.pid));
  for (const [k, v] of snap) snap.set(k, (v * 1000) / TICKS_PER_SECOND);
  return snap;
}

/** Per-unit CPU milliseconds between two snapshots, largest first, with the total. */
export function cpuPer(before: CpuSnapshot, after: CpuSnapshot, units: number): { name: string; ms: number }[] {
  const rows = [...after].map(([name, ms]) => ({ name, ms: (ms - (before.get(name) ?? 0)) / Math.max(1, units) }));
  rows.sort((a, b) => b.ms - a.ms);
  return [...rows, { name: 'total', ms: rows.reduce((s, r) => s + r.ms, 0) }];
}
