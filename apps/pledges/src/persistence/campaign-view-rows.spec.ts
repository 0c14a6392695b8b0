import { columnList, entityColumns } from './entity-columns.spec-fixture';
import { CAMPAIGN_VIEW_COLUMNS, toCampaignView } from './campaign-view-rows';
import { CampaignViewEntity } from './campaign-view.entity';

describe('campaign view rows (the pledge hot path in plain SQL)', () => {
  it("lists exactly the entity's columns, in its order", () => {
    expect(columnList(CAMPAIGN_VIEW_COLUMNS)).toEqual(entityColumns(CampaignViewEntity));
  });

  it('maps a row: bigint cents as numbers (null kept), char(3) trimmed, timestamps as dates', () => {
    const v = toCampaignView({
      campaign_id: 'c1',
      title: 'Portineria di quartiere',
      promoter_id: 'pr1',
      goal_amount: '2500000',
      currency: 'EUR',
      funding_model: 'all_or_nothing',
      starts_at: new Date('2026-12-01T00:00:00Z'),
      ends_at: '2027-01-31T00:00:00Z',
      status: 'live',
      promoter_name: null,
      end_reason: null,
      closed_at: null,
      crowd_at_close: null,
      refunded_after_close: '0',
      crowd_settled: '120',
    });
    expect(v).toBeInstanceOf(CampaignViewEntity);
    expect(v).toMatchObject({ campaignId: 'c1', goalAmount: 2_500_000, currency: 'EUR', crowdAtClose: null, crowdSettled: 120, status: 'live' });
    expect(v.endsAt).toEqual(new Date('2027-01-31T00:00:00Z'));
  });
});
