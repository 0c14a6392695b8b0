import { ContractRegistry, ContractViolation } from '../registry';
import { RoundCutoffTallied } from '../pledges/round-cutoff-tallied.v1';
import { RoundCutoffRequested } from './round-cutoff-requested.v1';

const rule = '0b8a3f5e-8d0c-4c39-9d55-7a1f0a2b1c01';
const a = '0b8a3f5e-8d0c-4c39-9d55-7a1f0a2b1c02';
const b = '0b8a3f5e-8d0c-4c39-9d55-7a1f0a2b1c03';
const cutoff = '2027-01-06T10:00:00.000Z';

describe('round cut-off contracts v1', () => {
  const registry = new ContractRegistry([RoundCutoffRequested, RoundCutoffTallied]);
  const envelope = (type: string, producer: string, aggregateType: string, payload: object) => ({
    id: '0b8a3f5e-8d0c-4c39-9d55-7a1f0a2b1c09',
    type,
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    producer,
    aggregateType,
    aggregateId: rule,
    correlationId: '0b8a3f5e-8d0c-4c39-9d55-7a1f0a2b1c08',
    causationId: null,
    payload,
  });
  const request = (payload: object) => registry.parse(envelope('round.cutoff_requested', 'matching', 'round', payload));
  const tally = (payload: object) => registry.parse(envelope('round.cutoff_tallied', 'pledges', 'round-cutoff', payload));

  it('travels on their own topics: the request on matching.round, the answer on pledges.round-cutoff', () => {
    expect(registry.topics()).toEqual(['matching.round', 'pledges.round-cutoff']);
  });

  it('accepts a request and its answer', () => {
    expect(request({ ruleId: rule, cutoff, campaignIds: [a, b] }).payload).toEqual({ ruleId: rule, cutoff, campaignIds: [a, b] });
    expect(
      tally({
        ruleId: rule,
        cutoff,
        campaigns: [
          { campaignId: a, announced: 3 },
          { campaignId: b, announced: 0 },
        ],
      }).payload,
    ).toMatchObject({
      ruleId: rule,
      cutoff,
      campaigns: [
        { campaignId: a, announced: 3 },
        { campaignId: b, announced: 0 },
      ],
    });
  });

  it.each([
    ['a campaign listed twice', { ruleId: rule, cutoff, campaignIds: [a, a] }],
    ['a campaign id that is not a uuid', { ruleId: rule, cutoff, campaignIds: ['c1'] }],
    ['a cut-off that is not an ISO date', { ruleId: rule, cutoff: 'tomorrow', campaignIds: [a] }],
    ['no campaign list', { ruleId: rule, cutoff }],
  ])('refuses a request with %s', (_what, payload) => {
    expect(() => request(payload)).toThrow(ContractViolation);
  });

  it.each([
    ['a negative count', [{ campaignId: a, announced: -1 }]],
    ['a fractional count', [{ campaignId: a, announced: 1.5 }]],
    ['a count as a string', [{ campaignId: a, announced: '3' }]],
    ['a campaign id that is not a uuid', [{ campaignId: 'c1', announced: 3 }]],
  ])('refuses an answer with %s', (_what, campaigns) => {
    expect(() => tally({ ruleId: rule, cutoff, campaigns })).toThrow(ContractViolation);
  });
});
