import type { CampaignPublishedV1 } from './campaign-published.v1';

/** A valid campaign.published payload for tests (unit specs and the e2e probe), with what each test needs changed. */
export function samplePublishedPayload(campaignId: string, overrides: Partial<CampaignPublishedV1> = {}): CampaignPublishedV1 {
  return {
    campaignId,
    callId: null,
    title: 'probe',
    promoterId: 'p',
    promoterType: 'ets',
    area: 'a',
    category: 'c',
    goalAmount: 1000,
    currency: 'EUR',
    fundingModel: 'keep_it_all',
    startsAt: '2026-01-01T00:00:00.000Z',
    endsAt: '2026-02-01T00:00:00.000Z',
    ...overrides,
  };
}
