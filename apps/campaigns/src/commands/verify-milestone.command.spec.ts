jest.mock('@nestjs-cls/transactional', () => ({
  ...jest.requireActual('@nestjs-cls/transactional'),
  Transactional: () => () => undefined,
}));

import type { Actor, Clock } from '@lib/platform';
import type { CallRepository } from '../persistence/call.repository';
import type { CampaignClosingRepository } from '../persistence/campaign-closing.repository';
import type { CampaignProgressRepository } from '../persistence/campaign-progress.repository';
import type { CampaignEntity } from '../persistence/campaign.entity';
import type { CampaignRepository } from '../persistence/campaign.repository';
import type { MilestoneEntity } from '../persistence/milestone.entity';
import type { MilestoneRepository } from '../persistence/milestone.repository';
import { SubmitEvidenceCommand, SubmitEvidenceHandler } from './submit-evidence.command';
import { VerifyMilestoneCommand, VerifyMilestoneHandler } from './verify-milestone.command';

const now = new Date('2027-05-01T10:00:00Z');
const promoter: Actor = { id: 'promoter-1', roles: ['promoter'] };
const verifier: Actor = { id: 'verifier-1', roles: ['verifier'] };
const clock = { now: () => now } as Clock;

function setup(
  c: Partial<CampaignEntity> = {},
  m: Partial<MilestoneEntity> = {},
  parties: { funderIds?: string[]; backed?: boolean; callOwnerId?: string } = {},
) {
  const campaign = { id: 'c1', promoterId: 'promoter-1', callId: parties.callOwnerId ? 'k1' : null, status: 'in_delivery', ...c } as CampaignEntity;
  const milestone = { id: 'm1', campaignId: 'c1', status: 'evidence_submitted', baseline: 0, target: 100, ...m } as MilestoneEntity;
  const campaigns = { getForUpdate: jest.fn(async () => campaign), completeIfSettled: jest.fn(async () => false) };
  const milestones = {
    get: jest.fn(async () => milestone),
    update: jest.fn(async () => undefined),
    recordVerdict: jest.fn(async () => undefined),
    addEvidence: jest.fn(async () => undefined),
  };
  const calls = { find: jest.fn(async () => ({ id: 'k1', ownerId: parties.callOwnerId })) };
  const closings = { matchFunderIds: jest.fn(async () => parties.funderIds ?? []) };
  const progress = { hasBacked: jest.fn(async () => parties.backed ?? false) };
  const verify = new VerifyMilestoneHandler(
    campaigns as unknown as CampaignRepository,
    milestones as unknown as MilestoneRepository,
    calls as unknown as CallRepository,
    closings as unknown as CampaignClosingRepository,
    progress as unknown as CampaignProgressRepository,
    clock,
  );
  const submit = new SubmitEvidenceHandler(campaigns as unknown as CampaignRepository, milestones as unknown as MilestoneRepository, clock);
  return { verify, submit, campaigns, milestones };
}

describe('VerifyMilestoneHandler', () => {
  it('records the verdict with the achievement (milestone.verified goes with it) and tries to complete the campaign', async () => {
    const { verify, milestones, campaigns } = setup();
    const result = await verify.execute(new VerifyMilestoneCommand(verifier, 'c1', 'm1', { verifiedValue: 80, approved: true }));
    expect(result).toMatchObject({ status: 'verified', verifiedValue: 80, achievementBps: 8000, settledAt: now });
    expect(milestones.recordVerdict).toHaveBeenCalledWith(
      'c1',
      expect.objectContaining({ milestoneId: 'm1', verifierId: 'verifier-1', verifiedValue: 80, approved: true, notes: '', verifiedAt: now }),
      8000,
    );
    expect(campaigns.completeIfSettled).toHaveBeenCalledWith('c1', now);
  });

  it('records a failed verdict with the notes (milestone.failed goes with it)', async () => {
    const { verify, milestones } = setup();
    await expect(verify.execute(new VerifyMilestoneCommand(verifier, 'c1', 'm1', { verifiedValue: 10, approved: false, notes: 'no' }))).resolves.toMatchObject({
      status: 'failed',
    });
    expect(milestones.recordVerdict).toHaveBeenCalledWith('c1', expect.objectContaining({ approved: false, notes: 'no', verifiedValue: 10 }), 1000);
  });

  it.each([
    ['the promoter', {}, promoter],
    ["the call's owner", { callOwnerId: 'verifier-1' }, verifier],
    ['a matching funder', { funderIds: ['verifier-1'] }, verifier],
    ['a backer', { backed: true }, verifier],
  ])('refuses %s as verifier', async (_who, parties, actor) => {
    const { verify, milestones } = setup({}, {}, parties);
    await expect(verify.execute(new VerifyMilestoneCommand(actor, 'c1', 'm1', { verifiedValue: 1, approved: true }))).rejects.toMatchObject({
      code: 'VERIFIER_NOT_INDEPENDENT',
    });
    expect(milestones.recordVerdict).not.toHaveBeenCalled();
  });

  it('refuses outside delivery, before evidence, and a milestone that cannot be measured', async () => {
    const input = { verifiedValue: 1, approved: true };
    await expect(setup({ status: 'live' }).verify.execute(new VerifyMilestoneCommand(verifier, 'c1', 'm1', input))).rejects.toMatchObject({
      code: 'CAMPAIGN_NOT_IN_DELIVERY',
    });
    await expect(setup({}, { status: 'pending' }).verify.execute(new VerifyMilestoneCommand(verifier, 'c1', 'm1', input))).rejects.toMatchObject({
      code: 'MILESTONE_STATE_CONFLICT',
    });
    await expect(setup({}, { target: 0 }).verify.execute(new VerifyMilestoneCommand(verifier, 'c1', 'm1', input))).rejects.toMatchObject({
      code: 'MILESTONE_NOT_VERIFIABLE',
    });
  });
});

describe('SubmitEvidenceHandler', () => {
  const evidence = { reportedValue: 90, description: 'report', documents: [{ url: 'https://x.org/r.pdf', sha256: 'a'.repeat(64) }] };

  it('records evidence and marks the milestone evidence_submitted (again while no verdict)', async () => {
    for (const status of ['pending', 'evidence_submitted'] as const) {
      const { submit, milestones } = setup({}, { status });
      const { milestone } = await submit.execute(new SubmitEvidenceCommand(promoter, 'c1', 'm1', evidence));
      expect(milestone.status).toBe('evidence_submitted');
      expect(milestones.addEvidence).toHaveBeenCalledWith(
        expect.objectContaining({ milestoneId: 'm1', campaignId: 'c1', submittedBy: 'promoter-1', submittedAt: now }),
      );
      expect(milestones.update).toHaveBeenCalledWith('m1', { status: 'evidence_submitted' });
    }
  });

  it('refuses another person, a campaign not in delivery and a decided milestone', async () => {
    await expect(setup().submit.execute(new SubmitEvidenceCommand(verifier, 'c1', 'm1', evidence))).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(setup({ status: 'succeeded' }).submit.execute(new SubmitEvidenceCommand(promoter, 'c1', 'm1', evidence))).rejects.toMatchObject({
      code: 'CAMPAIGN_NOT_IN_DELIVERY',
    });
    await expect(setup({}, { status: 'verified' }).submit.execute(new SubmitEvidenceCommand(promoter, 'c1', 'm1', evidence))).rejects.toMatchObject({
      code: 'MILESTONE_STATE_CONFLICT',
    });
  });
});
