import type { INestApplication, LoggerService } from '@nestjs/common';
import { TokenVerifier } from '@lib/platform';

/**
 * The demo data set, created through the public HTTP API only (as a funder and a promoter would):
 * a call, a matching fund, two live campaigns with an update and a few sandbox pledges. Runs once:
 * skipped when a call already exists.
 */
export async function seedDemo(baseUrl: string, app: INestApplication, logger: LoggerService): Promise<void> {
  const tokens = app.get(TokenVerifier);
  const funder = tokens.issueDevToken('demo-funder-comune-milano', ['funder']);
  const promoter = tokens.issueDevToken('demo-promoter-aps-giambellino', ['promoter']);
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`demo seed: ${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  const existing = (await call('GET', '/calls')) as unknown as unknown[];
  if (existing.length > 0) {
    logger.log('demo seed: data already present, skipped', 'seed');
    return;
  }
  const day = 24 * 3600 * 1000;
  const now = Date.now();
  const iso = (offsetDays: number) => new Date(now + offsetDays * day).toISOString();

  logger.log('demo seed 1/4: call for proposals', 'seed');
  const created = await call('POST', '/calls', funder, {
    title: 'Quartieri Connessi 2027 — Milano',
    description: 'Start-up funding for neighbourhood social services: social concierge, animation, community enterprise.',
    opensAt: iso(-1),
    closesAt: iso(180),
    eligibleAreas: ['Giambellino', 'Corvetto', 'Quarto Oggiaro'],
    categories: ['social_concierge', 'animation', 'community_enterprise'],
    promoterTypes: ['ets', 'informal_group', 'social_enterprise'],
    currency: 'EUR',
    minGoalAmount: 300_000,
    maxGoalAmount: 22_500_000,
    minCofinancingPct: { ets: 10, informal_group: 5, social_enterprise: 10 },
  });

  logger.log('demo seed 2/4: matching fund, 1:1 up to 100 EUR per donor', 'seed');
  const fund = await call('POST', '/funds', funder, {
    name: 'Comune di Milano — civic crowdfunding match',
    currency: 'EUR',
    budgetAmount: 5_000_000,
    sourceTags: ['municipal', 'ESF+'],
  });
  await call('POST', `/funds/${fund.id}/rules`, funder, {
    type: 'ratio',
    numerator: 1,
    denominator: 1,
    maxMatchPerDonorPerCampaign: 10_000,
    eligibility: { callIds: [created.id] },
  });

  const campaigns = [
    {
      title: 'Portineria di quartiere Giambellino',
      summary: 'A neighbourhood concierge desk: parcels, small repairs, help with paperwork for elderly residents.',
      promoterName: 'APS Giambellino Insieme',
      area: 'Giambellino',
      category: 'social_concierge',
      promoterType: 'ets',
      goalAmount: 1_200_000,
      cofinancingAmount: 120_000,
      milestone: { title: 'Concierge desk open 5 days a week', indicator: 'households served', unit: 'households', target: 150 },
    },
    {
      title: 'Orti condivisi Corvetto',
      summary: 'Shared vegetable gardens in the courtyards of public housing, run with the residents.',
      promoterName: 'Comitato Orti Corvetto',
      area: 'Corvetto',
      category: 'community_enterprise',
      promoterType: 'informal_group',
      goalAmount: 600_000,
      cofinancingAmount: 30_000,
      milestone: { title: 'Gardens planted and tended', indicator: 'active gardeners', unit: 'residents', target: 40 },
    },
  ];
  const ids: string[] = [];
  for (const [i, c] of campaigns.entries()) {
    logger.log(`demo seed ${3 + i}/4: campaign "${c.title}" (draft, submit, approve)`, 'seed');
    const draft = await call('POST', '/campaigns', promoter, {
      title: c.title,
      summary: c.summary,
      promoterName: c.promoterName,
      description: `${c.summary} Funds are released in tranches only when the results are verified.`,
      callId: created.id,
      area: c.area,
      category: c.category,
      promoterType: c.promoterType,
      goalAmount: c.goalAmount,
      currency: 'EUR',
      fundingModel: 'all_or_nothing',
      startsAt: iso(-1),
      endsAt: iso(45),
      cofinancingAmount: c.cofinancingAmount,
      upfrontSharePct: 30,
      failedMilestonePolicy: 'refund_donor_share',
      milestones: [{ ...c.milestone, baseline: 0, dueAt: iso(200), payoutSharePct: 70, paymentRule: 'proportional', minAchievementPct: 50 }],
    });
    await call('POST', `/campaigns/${draft.id}/submit`, promoter);
    await call('POST', `/campaigns/${draft.id}/approve`, funder);
    ids.push(draft.id as string);
  }

  // So the web app has something to show: an update and a few paid pledges (sandbox card), matched 1:1.
  logger.log('demo seed: an update and three sandbox pledges', 'seed');
  await call('POST', `/campaigns/${ids[0]}/updates`, promoter, {
    title: 'Il banco è pronto',
    body: 'Abbiamo trovato la sala in via Giambellino 58: apriamo appena la campagna raggiunge l’obiettivo.',
  });
  const pledges: [number, string, number, string | undefined][] = [
    [0, 'giulia', 5_000, 'Giulia'],
    [0, 'marco', 2_500, undefined],
    [1, 'sara', 4_000, 'Sara, via Mompiani'],
  ];
  for (const [index, name, amount, displayName] of pledges) {
    const campaignId = ids[index];
    // the pledges service learns of a published campaign from its event: wait until it knows it
    for (let i = 0; i < 100 && (await fetch(`${baseUrl}/campaigns/${campaignId}/pledges`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
    const citizen = tokens.issueDevToken(`demo-citizen-${name}`, ['citizen']);
    const pledge = await call('POST', '/pledges', citizen, { campaignId, amount, currency: 'EUR', ...(displayName ? { displayName } : { anonymous: true }) });
    await call('POST', `/pledges/${pledge.id}/sandbox-confirm`, citizen, { cardNumber: '4242424242424242' });
  }
  logger.log('demo seed done: 1 call, 1 fund, 2 live campaigns, 3 pledges', 'seed');
}
