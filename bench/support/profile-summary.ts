/**
 * Summarizes a V8 .cpuprofile (from PROFILE=... on a benchmark): where the process spent its
 * samples, by package / project folder and by function (self time). Not a test.
 *
 *   node -r @swc-node/register bench/support/profile-summary.ts <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';
import { dec } from './platform';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [top]');
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const area = (url: string, fn: string) => {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return 'node:internal';
  const p = /\/work\/[^/]+\/((apps|libs)\/[^/]+)/.exec(url);
  return p
    ? p[1]
    : url
        .replace(/^file:\/\//, '')
        .split('/')
        .slice(-2)
        .join('/');
};
const byArea = new Map<string, number>();
const byFn = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  const a = area(n.callFrame.url, n.callFrame.functionName);
  byArea.set(a, (byArea.get(a) ?? 0) + us);
  const f = `${n.callFrame.functionName || '(anonymous)'} ${a}:${n.callFrame.lineNumber + 1}`;
  byFn.set(f, (byFn.get(f) ?? 0) + us);
}
const pct = (us: number) => `${dec((100 * us) / total, 1).padStart(5)}%`;
console.log(`${file}: ${dec(total / 1e6, 2)} s of samples`);
console.log('\nby package / folder (self time):');
for (const [a, us] of [...byArea].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`  ${pct(us)}  ${a}`);
console.log('\nby function (self time):');
for (const [f, us] of [...byFn].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`  ${pct(us)}  ${f}`);

// Inclusive ("total") time: each sample counts once for every distinct function on its stack.
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur)!;
    if (!n.callFrame.url && !n.callFrame.functionName) continue;
    const f = `${n.callFrame.functionName || '(anonymous)'} ${area(n.callFrame.url, n.callFrame.functionName)}:${n.callFrame.lineNumber + 1}`;
    if (seen.has(f)) continue;
    seen.add(f);
    inclusive.set(f, (inclusive.get(f) ?? 0) + us);
  }
}
const busy = total - (byArea.get('(idle)') ?? 0);
console.log(`\nby function (inclusive, % of busy time ${dec(busy / 1e6, 2)} s; project code and selected packages):`);
const interesting =
  /(apps\/|libs\/|typeorm|pg |pg:|kafkajs|class-validator|class-transformer|@nestjs|jsonwebtoken|jose|pino|express|nestjs-cls|rxjs|node:internal)/;
for (const [f, us] of [...inclusive]
  .filter(([f]) => interesting.test(f) && !f.startsWith('('))
  .sort((x, y) => y[1] - x[1])
  .slice(0, top * 2)) {
  console.log(`  ${dec((100 * us) / busy, 1).padStart(5)}%  ${f}`);
}
