import type { Actor, Clock } from '@lib/platform';
import { MatchingErrorCode } from '../matching.errors';
import type { FundRepository } from '../persistence/fund.repository';
import type { RuleRepository } from '../persistence/rule.repository';
import { AddRuleCommand, AddRuleHandler } from './add-rule.command';

// The transaction is the platform's (e2e suites run it): here @Transactional is a pass-through.
jest.mock('@nestjs-cls/transactional', () => ({ ...jest.requireActual('@nestjs-cls/transactional'), Transactional: () => () => undefined }));

const owner = { id: 'funder-1' } as Actor;
const now = new Date('2027-01-01T00:00:00.000Z');

function build(fund: { ownerId: string; closedAt: Date | null } | null = { ownerId: 'funder-1', closedAt: null }) {
  const funds = { findOwnership: jest.fn(async () => fund ?? undefined) };
  const rules = { insert: jest.fn(async () => undefined) };
  const clock = { now: () => now } as Clock;
  return { handler: new AddRuleHandler(funds as unknown as FundRepository, rules as unknown as RuleRepository, clock), funds, rules };
}

describe('AddRuleHandler', () => {
  it('stores the rule with its own params and the eligibility given, dated now', async () => {
    const { handler, rules } = build();
    const rule = await handler.execute(
      new AddRuleCommand(owner, 'f1', { type: 'ratio', numerator: 1, denominator: 1, eligibility: { areas: ['Milano'], categories: undefined } }),
    );
    expect(rule).toEqual({
      id: expect.any(String),
      fundId: 'f1',
      type: 'ratio',
      params: { numerator: 1, denominator: 1 },
      eligibility: { areas: ['Milano'] },
      createdAt: now,
    });
    expect(rules.insert).toHaveBeenCalledWith(rule);
  });

  it('answers 404 for an unknown fund', async () => {
    const { handler, rules } = build(null);
    await expect(handler.execute(new AddRuleCommand(owner, 'f9', { type: 'ratio', numerator: 1, denominator: 1 }))).rejects.toMatchObject({
      code: MatchingErrorCode.FUND_NOT_FOUND,
      kind: 'not_found',
      message: 'Fund f9 not found',
    });
    expect(rules.insert).not.toHaveBeenCalled();
  });

  it('refuses another funder, then a closed fund, before looking at the rule', async () => {
    const other = build({ ownerId: 'funder-2', closedAt: null });
    await expect(other.handler.execute(new AddRuleCommand(owner, 'f1', { type: 'ratio' }))).rejects.toMatchObject({
      code: MatchingErrorCode.FUND_NOT_OWNER,
      message: 'Only the funder that owns this fund may add rules',
    });
    const closed = build({ ownerId: 'funder-1', closedAt: now });
    await expect(closed.handler.execute(new AddRuleCommand(owner, 'f1', { type: 'ratio' }))).rejects.toMatchObject({
      code: MatchingErrorCode.FUND_CLOSED,
      message: 'The fund is closed',
    });
    expect(other.rules.insert).not.toHaveBeenCalled();
    expect(closed.rules.insert).not.toHaveBeenCalled();
  });

  it('refuses an invalid rule with every problem listed', async () => {
    const { handler, rules } = build();
    await expect(handler.execute(new AddRuleCommand(owner, 'f1', { type: 'ratio', numerator: 1, grantAmount: 5 }))).rejects.toMatchObject({
      code: MatchingErrorCode.RULE_INVALID,
      kind: 'invalid',
      message: 'grantAmount does not apply to a ratio rule; a ratio rule needs numerator and denominator',
      details: { problems: ['grantAmount does not apply to a ratio rule', 'a ratio rule needs numerator and denominator'] },
    });
    expect(rules.insert).not.toHaveBeenCalled();
  });
});
