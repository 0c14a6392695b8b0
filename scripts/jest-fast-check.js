// Property-based unit specs (fast-check) draw from one fixed seed, so `npm test` and the mutation runs are
// deterministic; `FC_SEED=<n> npm run test:unit` explores other inputs (a failure prints its seed and path to replay).
const fc = require('fast-check');
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261203) });
