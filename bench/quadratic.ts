/**
 * bench/quadratic: finalizes a quadratic round of CAMPAIGNS campaigns and CONTRIBUTIONS
 * contributions generated with a fixed seed, with the production code (apps/matching/src/domain),
 * and prints the time of each step and the peak memory. Not a test: it asserts nothing about time.
 *
 *   node -r @swc-node/register bench/quadratic.ts            # 10,000 campaigns, 1,000,000 contributions
 *   CAMPAIGNS=1000 CONTRIBUTIONS=100000 node -r @swc-node/register bench/quadratic.ts
 */
import { finalizeRound } from '../apps/matching/src/domain/quadratic';
import { rng } from './support/rng';

const CAMPAIGNS = Number(process.env.CAMPAIGNS ?? 10_000);
const CONTRIBUTIONS = Number(process.env.CONTRIBUTIONS ?? 1_000_000);
const DONORS = Number(process.env.DONORS ?? 200_000);
const POOL = Number(process.env.POOL ?? 50_000_000_00); // 50 million EUR in cents

let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const timer = setInterval(sample, 5);
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;
const log = (msg: string) => console.log(`[bench:quadratic] ${msg}`);

log(
  `generating ${CONTRIBUTIONS.toLocaleString('en')} contributions over ${CAMPAIGNS.toLocaleString('en')} campaigns and ${DONORS.toLocaleString('en')} donors`,
);
const random = rng(42);
// Contributions as the database holds them: (campaign, donor, amount) with integer keys.
const campaignOf = new Int32Array(CONTRIBUTIONS);
const donorOf = new Int32Array(CONTRIBUTIONS);
const amountOf = new Float64Array(CONTRIBUTIONS);
for (let i = 0; i < CONTRIBUTIONS; i++) {
  // Skewed popularity (a few campaigns draw many backers) and amounts from 1 to 500 EUR.
  campaignOf[i] = Math.floor(CAMPAIGNS * random() ** 2);
  donorOf[i] = Math.floor(DONORS * random());
  amountOf[i] = 100 + Math.floor(random() * 49_900);
}
sample();
const rssBefore = process.memoryUsage().rss;

// Step 1 (in production a GROUP BY campaign_id, donor_id in PostgreSQL): drop pledges below the
// minimum, sum per donor and campaign — here by sorting one integer key per contribution,
// (campaign * DONORS + donor) * 2^16 + amount (amounts are below 2^16 cents; all < 2^53).
let t = process.hrtime.bigint();
const MIN_CONTRIBUTION = 200;
const keys = new Float64Array(CONTRIBUTIONS);
let n = 0;
for (let i = 0; i < CONTRIBUTIONS; i++) if (amountOf[i] >= MIN_CONTRIBUTION) keys[n++] = (campaignOf[i] * DONORS + donorOf[i]) * 65536 + amountOf[i];
const sorted = keys.subarray(0, n).sort();
const sumsByCampaign: number[][] = Array.from({ length: CAMPAIGNS }, () => []);
let previous = -1;
for (let j = 0; j < n; j++) {
  const pair = Math.floor(sorted[j] / 65536);
  const amount = sorted[j] - pair * 65536;
  const list = sumsByCampaign[Math.floor(pair / DONORS)];
  if (pair === previous) list[list.length - 1] += amount;
  else list.push(amount);
  previous = pair;
}
const campaigns = sumsByCampaign.map((donorSums, c) => ({ campaignId: `campaign-${c}`, donorSums })).filter((c) => c.donorSums.length > 0);
const aggregateMs = ms(t);
log(`aggregated per donor and campaign in ${aggregateMs | 0} ms (${campaigns.length} campaigns with contributions)`);

t = process.hrtime.bigint();
const round = finalizeRound({ pool: POOL, capBps: 500, minUniqueDonors: 2 }, campaigns);
const finalizeMs = ms(t);
sample();
clearInterval(timer);

const matched = round.results.reduce((sum, r) => sum + r.matchAmount, 0);
if (matched + round.unallocatedAmount !== POOL) throw new Error('round does not add up');
log(`finalized in ${finalizeMs | 0} ms: matched ${matched} cents, unallocated ${round.unallocatedAmount} cents (pool ${POOL})`);
log(`total (aggregate + finalize): ${(aggregateMs + finalizeMs) | 0} ms`);
log(`peak RSS ${(peakRss / 2 ** 20) | 0} MiB (after generating the input: ${(rssBefore / 2 ** 20) | 0} MiB)`);
