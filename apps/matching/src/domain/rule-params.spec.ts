import { storedEligibility, validateRule } from './rule-params';

describe('validateRule', () => {
  // toStrictEqual: a field left out must be absent, not present as undefined (stored as JSON, shown by GET /funds/:id)
  it('keeps a ratio rule with its own fields only', () => {
    expect(validateRule({ type: 'ratio', numerator: 1, denominator: 2, maxMatchPerPledge: 500 } as never)).toStrictEqual({
      params: { numerator: 1, denominator: 2, maxMatchPerPledge: 500 },
      problems: [],
    });
  });

  it('needs numerator and denominator for a ratio rule', () => {
    expect(validateRule({ type: 'ratio', numerator: 1 }).problems).toEqual(['a ratio rule needs numerator and denominator']);
    expect(validateRule({ type: 'ratio', denominator: 1 }).problems).toEqual(['a ratio rule needs numerator and denominator']);
  });

  it('lists every field of another type', () => {
    expect(validateRule({ type: 'ratio', numerator: 1, denominator: 1, grantAmount: 5, roundEndsAt: 'x' })).toEqual({
      params: { numerator: 1, denominator: 1 },
      problems: ['grantAmount does not apply to a ratio rule', 'roundEndsAt does not apply to a ratio rule'],
    });
    expect(validateRule({ type: 'quadratic', roundStartsAt: '2027-01-01T00:00:00Z', roundEndsAt: '2027-02-01T00:00:00Z', numerator: 1 }).problems).toEqual([
      'numerator does not apply to a quadratic rule',
    ]);
  });

  it('needs a trigger and exactly one grant for a threshold rule', () => {
    expect(validateRule({ type: 'threshold', thresholdBps: 5000, grantAmount: 1 })).toEqual({ params: { thresholdBps: 5000, grantAmount: 1 }, problems: [] });
    expect(validateRule({ type: 'threshold', thresholdAmount: 10, grantBpsOfGoal: 1 }).problems).toEqual([]);
    expect(validateRule({ type: 'threshold', minBackers: 3, grantAmount: 1 }).problems).toEqual([]);
    expect(validateRule({ type: 'threshold', grantAmount: 1 }).problems).toEqual(['a threshold rule needs thresholdBps, thresholdAmount or minBackers']);
    expect(validateRule({ type: 'threshold', minBackers: 3 }).problems).toEqual(['a threshold rule needs exactly one of grantAmount and grantBpsOfGoal']);
    expect(validateRule({ type: 'threshold', minBackers: 3, grantAmount: 1, grantBpsOfGoal: 1 }).problems).toEqual([
      'a threshold rule needs exactly one of grantAmount and grantBpsOfGoal',
    ]);
  });

  it('needs a round that ends after it starts for a quadratic rule', () => {
    expect(validateRule({ type: 'quadratic', roundStartsAt: '2027-01-01T00:00:00Z', roundEndsAt: '2027-01-01T00:00:00.001Z' }).problems).toEqual([]);
    expect(validateRule({ type: 'quadratic', roundStartsAt: '2027-01-01T00:00:00Z' }).problems).toEqual([
      'a quadratic rule needs roundStartsAt and roundEndsAt',
    ]);
    expect(validateRule({ type: 'quadratic', roundEndsAt: '2027-01-01T00:00:00Z' }).problems).toEqual(['a quadratic rule needs roundStartsAt and roundEndsAt']);
    expect(validateRule({ type: 'quadratic', roundStartsAt: '2027-01-01T00:00:00Z', roundEndsAt: '2027-01-01T00:00:00Z' }).problems).toEqual([
      'roundEndsAt must be after roundStartsAt',
    ]);
    expect(validateRule({ type: 'quadratic', roundStartsAt: '2027-01-02T00:00:00Z', roundEndsAt: '2027-01-01T00:00:00Z' }).problems).toEqual([
      'roundEndsAt must be after roundStartsAt',
    ]);
  });

  it('stores the eligibility criteria given, without undefined ones', () => {
    expect(storedEligibility({ areas: ['Milano'], categories: undefined })).toStrictEqual({ areas: ['Milano'] });
    expect(storedEligibility(undefined)).toEqual({});
  });
});
