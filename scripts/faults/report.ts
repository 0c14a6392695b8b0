/** The checks' results, printed as PASS / FAIL under their scenario, and small helpers of the checks. */
export const results: { section: string; check: string; ok: boolean; detail: string }[] = [];
let currentSection = '';
export function check(name: string, ok: boolean, detail: string): void {
  results.push({ section: currentSection, check: name, ok, detail });
  console.log(`  ${ok ? 'PASS' : 'FAIL'} ${name}${ok ? '' : `: ${detail}`}`);
}

export function section(name: string): void {
  currentSection = name;
  console.log(`\n  == ${name}`);
}

export const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));
export const sumOf = <T>(xs: T[], f: (x: T) => number) => xs.reduce((a, x) => a + f(x), 0);
export type Movement = { reference: string; kind: string; tranche_id: string | null; amount: number; source: string; destination: string };
