// The delivery steps of a scenario (see scenario.ts): payout accounts, tranches, milestones, the ledger.
import { bearer } from './flows';
import type { TestPlatform } from './harness';
import { Answer, campaignOf, Fields, read } from './scenario';

/** POST /promoters/me/payout-account (Stripe Connect unless `account` says otherwise), expecting `status`. */
export const payoutAccount = (p: TestPlatform, promoter: string, account: Fields = { method: 'stripe_connect' }, status = 200) =>
  p.api.post('/promoters/me/payout-account').set(bearer(promoter)).send(account).expect(status);

/** POST /tranches/:id/release, without a body. */
export const releaseTranche = (p: TestPlatform, token: string, trancheId: string) =>
  p.api.post(`/tranches/${trancheId}/release`).set(bearer(token)).expect(200);

/** POST /tranches/:id/confirm-payment: the treasury's bank transfer of a released tranche. */
export const confirmPayment = (p: TestPlatform, funder: string, trancheId: string, bankReference: string) =>
  p.api.post(`/tranches/${trancheId}/confirm-payment`).set(bearer(funder)).send({ bankReference }).expect(200);

/** POST …/milestones/:milestoneId/evidence: `reportedValue`, no documents. */
export const submitEvidence = (p: TestPlatform, promoter: string, campaignId: string, milestoneId: string, reportedValue: number, description = 'r') =>
  p.api
    .post(`/campaigns/${campaignId}/milestones/${milestoneId}/evidence`)
    .set(bearer(promoter))
    .send({ reportedValue, description, documents: [] })
    .expect(201);

/** POST …/milestones/:milestoneId/verification: the verdict. */
export const verifyMilestone = (p: TestPlatform, verifier: string, campaignId: string, milestoneId: string, verifiedValue: number, approved = true) =>
  p.api.post(`/campaigns/${campaignId}/milestones/${milestoneId}/verification`).set(bearer(verifier)).send({ verifiedValue, approved }).expect(200);

export interface Settlement {
  reported: number;
  /** what the verifier found (the reported value unless said) */
  verified?: number;
  approved?: boolean;
  description?: string;
}

/** The campaign's milestone `index` (as GET /campaigns/:id shows it) gets its evidence, then its verdict: the milestone. */
export async function settleMilestone(
  p: TestPlatform,
  who: { promoter: string; verifier: string },
  campaignId: string,
  index: number,
  { reported, verified = reported, approved = true, description = 'r' }: Settlement,
): Promise<Answer> {
  const m = (await campaignOf(p, campaignId)).milestones[index];
  await submitEvidence(p, who.promoter, campaignId, m.id, reported, description);
  await verifyMilestone(p, who.verifier, campaignId, m.id, verified, approved);
  return m;
}

type Ledger = { accounts: { account: string; balance: number }[]; movements: { kind: string; amount: number }[] };

/** GET /ledger/campaigns/:id, with `balance` (an account's, 0 when it has none) and `sum` (of the movements of one kind). */
export async function campaignLedger(p: TestPlatform, id: string) {
  const ledger: Ledger = await read(p, `/ledger/campaigns/${id}`);
  const balance = (account: string) => ledger.accounts.find((x) => x.account === account)?.balance ?? 0;
  const sum = (kind: string) => ledger.movements.filter((m) => m.kind === kind).reduce((s, m) => s + m.amount, 0);
  return { ...ledger, balance, sum };
}
