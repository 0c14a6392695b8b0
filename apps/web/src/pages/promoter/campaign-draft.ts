import { parseCents, parsePct } from '../../money';
import { day } from '../form-helpers';
import type { MilestoneForm } from './MilestoneFields';

/** A new campaign's form as the promoter starts it: a 30-day campaign from today, 30 % up front, donors refunded on a failed milestone. */
export const emptyDraft = () => ({
  title: '',
  summary: '',
  description: '',
  promoterName: '',
  callId: '',
  area: '',
  category: '',
  promoterType: 'ets',
  goal: '',
  fundingModel: 'all_or_nothing',
  startsAt: day(0),
  endsAt: day(30),
  cofinancing: '0',
  upfront: '30',
  policy: 'refund_donor_share',
});

export type DraftForm = ReturnType<typeof emptyDraft>;

/**
 * What the form checks before POST /campaigns (the server checks it all again): the shares of the up-front
 * tranche and the milestones must sum to 100 %, amounts are cents, dates in order, every milestone complete.
 */
export function draftChecks(f: DraftForm, milestones: MilestoneForm[]) {
  const upfront = parsePct(f.upfront);
  const shares = milestones.map((m) => parsePct(m.payoutSharePct));
  const total = (upfront ?? 0) + shares.reduce<number>((a, s) => a + (s ?? 0), 0);
  const sharesOk = upfront !== null && shares.every((s) => s !== null) && total === 100;
  const goal = parseCents(f.goal);
  const cofinancing = parseCents(f.cofinancing);
  const numberOk = (s: string) => /^-?\d+([.,]\d+)?$/.test(s.trim());
  const problems = {
    title: f.title.trim().length < 3,
    summary: !f.summary.trim(),
    description: !f.description.trim(),
    area: !f.area.trim(),
    category: !f.category.trim(),
    goal: goal === null || goal <= 0,
    cofinancing: cofinancing === null,
    dates: f.endsAt <= f.startsAt,
    shares: !sharesOk,
    milestones: milestones.some((m) => !m.title.trim() || !m.indicator.trim() || !m.unit.trim() || !numberOk(m.baseline) || !numberOk(m.target) || !m.dueAt),
  };
  return { upfront, total, sharesOk, goal, cofinancing, problems, invalid: Object.values(problems).some(Boolean) };
}
