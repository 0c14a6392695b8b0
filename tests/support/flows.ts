import { randomUUID } from 'node:crypto';
import { aCall, aCampaign, aMilestoneFrom, isoIn } from './fixtures';
import type { TestPlatform } from './harness';

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export interface Cast {
  funder: string;
  funderId: string;
  promoter: string;
  promoterId: string;
  verifier: string;
  admin: string;
  citizen: (name: string) => string;
}

/** Tokens for a fresh set of actors (unique ids per call, so suites do not share state). */
export function cast(p: TestPlatform): Cast {
  const tag = randomUUID().slice(0, 8);
  const funderId = `funder-${tag}`;
  const promoterId = `promoter-${tag}`;
  return {
    funder: p.token(funderId, 'funder'),
    funderId,
    promoter: p.token(promoterId, 'promoter'),
    promoterId,
    verifier: p.token(`verifier-${tag}`, 'verifier'),
    admin: p.token(`admin-${tag}`, 'admin'),
    citizen: (name) => p.token(`${name}-${tag}`, 'citizen'),
  };
}

/** A call, a draft with `overrides`, submitted and approved; drained so every service knows it. */
export async function publishCampaign(
  p: TestPlatform,
  who: Cast,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; callId: string; body: Record<string, unknown> }> {
  const call = await p.api
    .post('/calls')
    .set(bearer(who.funder))
    .send(aCall({ opensAt: isoIn(-1, p.clock.now().getTime()), closesAt: isoIn(90, p.clock.now().getTime()) }))
    .expect(201);
  const now = p.clock.now().getTime();
  const timing = {
    startsAt: isoIn(-1, now),
    endsAt: isoIn(30, now),
    milestones: [aMilestoneFrom(now)],
  };
  const draft = await p.api
    .post('/campaigns')
    .set(bearer(who.promoter))
    .send(aCampaign(call.body.id, { ...timing, ...overrides }))
    .expect(201);
  await p.api.post(`/campaigns/${draft.body.id}/submit`).set(bearer(who.promoter)).expect(200);
  const approved = await p.api.post(`/campaigns/${draft.body.id}/approve`).set(bearer(who.funder)).expect(200);
  await p.drain();
  return { id: draft.body.id, callId: call.body.id, body: approved.body };
}

/** A citizen pledges and pays with a sandbox test card; returns the pledge as the API shows it. */
export async function pledge(p: TestPlatform, token: string, campaignId: string, amount: number, card = '4242424242424242') {
  const created = await p.api
    .post('/pledges')
    .set(bearer(token))
    .set('Idempotency-Key', randomUUID())
    .send({ campaignId, amount, currency: 'EUR' })
    .expect(201);
  const paid = await p.api.post(`/pledges/${created.body.id}/sandbox-confirm`).set(bearer(token)).send({ cardNumber: card }).expect(200);
  return paid.body as { id: string; status: string };
}

const DAY = 24 * 3600 * 1000;
/** Moves every service's clock past the campaign's end (plus the funding grace) and runs what is due. */
export async function passDeadline(p: TestPlatform, days: number): Promise<void> {
  p.clock.advance(days * DAY);
  await p.tick();
}
