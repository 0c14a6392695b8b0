/**
 * The knobs of the model-based test (money-lifecycle.e2e-spec.ts; scripts/model/run-model.js sets them):
 * MODEL_RUNS (sequences, default 12; 2 in distributed mode), MODEL_STEPS (max commands per sequence, default 30),
 * MODEL_TIME_LIMIT_S (stop a long run after that many seconds, passing if nothing failed),
 * MODEL_SEED / MODEL_PATH (replay a failure as fast-check prints it), MODEL_SHRINK=0 (stop at the
 * first failure), MODEL_KNOWN_DEFECTS=refund-after-success,lag (do not generate those operations).
 */
export const RUNS = Number(process.env.MODEL_RUNS ?? (process.env.TEST_MODE === 'distributed' ? 2 : 12));
export const STEPS = Number(process.env.MODEL_STEPS ?? 30);
// Fixed by default (npm test and CI are deterministic); `npm run test:model` picks a fresh one per run.
export const SEED = process.env.MODEL_SEED === undefined ? 20261202 : Number(process.env.MODEL_SEED);
export const PATH = process.env.MODEL_PATH;
export const SHRINK = process.env.MODEL_SHRINK !== '0';
export const TIME_LIMIT_S = Number(process.env.MODEL_TIME_LIMIT_S ?? 0);
export const SKIP = new Set((process.env.MODEL_KNOWN_DEFECTS ?? '').split(',').filter(Boolean));
export const DAY = 24 * 3600 * 1000;
/**
 * EMBEDDED_CONSUMER_BATCH: embedded mode runs one event per consumer transaction by default; the model
 * lets consumers take batches as distributed mode's Kafka fetches do. The model drains after each
 * step, so a batch of several events comes from a burst (PledgeBurst: several pledges made and paid at
 * once, which also share the pledges service's group commits — the run prints how many groups held
 * several requests: 11 creations and 10 confirmations with the default seed) or when a lag is released
 * (HoldingTransport hands what piled up over in one batch).
 */
export const PLATFORM_ENV = { MILESTONE_GRACE_DAYS: '10', EMBEDDED_CONSUMER_BATCH: '200' };
