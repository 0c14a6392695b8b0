import { randomUUID } from 'node:crypto';
import { isoIn } from '../support/fixtures';
import { bearer, cast, passDeadline, pledge, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';

/** A verifier is independent of the campaign: not its promoter, call owner, any matching funder (quadratic too) nor any backer. */
describe('verifier independence', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

  it('refuses a backer and a quadratic funder as verifiers, accepts an independent one', async () => {
    const who = cast(p);
    const now = p.clock.now().getTime();
    const { id, callId } = await publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'keep_it_all', endsAt: isoIn(10, now) });
    const qfId = `qf-${randomUUID().slice(0, 8)}`;
    const qf = p.token(qfId, 'funder', 'verifier');
    const fund = (
      await p.api
        .post('/funds')
        .set(bearer(qf))
        .send({ name: 'Quadratic fund', currency: 'EUR', budgetAmount: 100_000, sourceTags: ['ERDF'] })
        .expect(201)
    ).body;
    await p.api
      .post(`/funds/${fund.id}/rules`)
      .set(bearer(qf))
      .send({ type: 'quadratic', roundStartsAt: isoIn(-1, now), roundEndsAt: isoIn(15, now), eligibility: { callIds: [callId] } })
      .expect(201);
    const backer = p.token(`backer-${randomUUID().slice(0, 8)}`, 'citizen', 'verifier');
    await pledge(p, backer, id, 40_000);
    await pledge(p, who.citizen('other'), id, 10_000);
    await p.drain();
    await passDeadline(p, 16); // past the deadline and the round's end

    const campaign = (await p.api.get(`/campaigns/${id}`).expect(200)).body;
    expect(campaign.status).toBe('in_delivery');
    const m = campaign.milestones[0];
    await p.api
      .post(`/campaigns/${id}/milestones/${m.id}/evidence`)
      .set(bearer(who.promoter))
      .send({ reportedValue: 100, description: 'report', documents: [] })
      .expect(201);
    const url = `/campaigns/${id}/milestones/${m.id}/verification`;

    const byBacker = await p.api.post(url).set(bearer(backer)).send({ verifiedValue: 100, approved: true }).expect(403);
    expect(byBacker.body).toMatchObject({ code: 'VERIFIER_NOT_INDEPENDENT' });
    expect(byBacker.body.message).toMatch(/backed/);
    const byFunder = await p.api.post(url).set(bearer(qf)).send({ verifiedValue: 100, approved: true }).expect(403);
    expect(byFunder.body).toMatchObject({ code: 'VERIFIER_NOT_INDEPENDENT' });
    expect((await p.api.get(`/campaigns/${id}`).expect(200)).body.milestones[0].status).toBe('evidence_submitted'); // nothing changed

    await p.api.post(url).set(bearer(who.verifier)).send({ verifiedValue: 100, approved: true }).expect(200);
  });
});
