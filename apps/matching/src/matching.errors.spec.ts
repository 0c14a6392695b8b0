import { sourceSharesProblem } from '@lib/contracts';
import { NotFound } from '@lib/platform';
import {
  CampaignNotFound,
  CampaignNotYetKnown,
  FundClosed,
  FundNotFound,
  FundNotOwner,
  FundSourceSharesRefused,
  MatchingErrorCode,
  QuadraticRoundNotFound,
} from './matching.errors';

describe('MatchingErrorCode', () => {
  it('keeps the code and message the platform NotFound derives', () => {
    for (const [error, what, id] of [
      [new FundNotFound('f1'), 'Fund', 'f1'],
      [new CampaignNotFound('c1'), 'Campaign', 'c1'],
      [new QuadraticRoundNotFound('r1'), 'Quadratic round', 'r1'],
    ] as const) {
      const derived = new NotFound(what, id);
      expect({ code: error.code, kind: error.kind, message: error.message }).toEqual({ code: derived.code, kind: derived.kind, message: derived.message });
    }
  });

  it('answers every code sourceSharesProblem can give, as it gives it', () => {
    const refusals = [
      'x',
      [],
      Array.from({ length: 21 }, (_, i) => ({ source: `s${i}`, shareBps: 1 })),
      [null],
      [{ source: '', shareBps: 1 }],
      [{ source: 'a', shareBps: 0 }],
      [
        { source: 'a', shareBps: 5000 },
        { source: 'a', shareBps: 5000 },
      ],
      [{ source: 'a', shareBps: 9999 }],
    ].map((shares) => sourceSharesProblem(shares)!);
    const codes = new Set(refusals.map((p) => p.code));
    expect(codes.size).toBe(7);
    for (const problem of refusals) {
      expect(Object.values(MatchingErrorCode)).toContain(problem.code);
      const error = new FundSourceSharesRefused(problem);
      expect({ code: error.code, kind: error.kind, message: error.message }).toEqual({ code: problem.code, kind: 'invalid', message: problem.message });
    }
  });

  it('says what each refusal has always said', () => {
    expect(new CampaignNotYetKnown('c1')).toMatchObject({
      code: 'CAMPAIGN_NOT_YET_KNOWN',
      kind: 'not_found',
      message: 'Campaign c1 is not known to matching (yet)',
    });
    expect(new FundNotOwner('close it')).toMatchObject({
      code: 'FUND_NOT_OWNER',
      kind: 'forbidden',
      message: 'Only the funder that owns this fund may close it',
    });
    expect(new FundClosed('The fund is closed')).toMatchObject({ code: 'FUND_CLOSED', kind: 'conflict', message: 'The fund is closed' });
  });
});
