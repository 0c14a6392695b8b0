import { loadCampaignsConfig } from './campaigns.config';

describe('loadCampaignsConfig', () => {
  it('gives 30 grace days by default and bounds them', () => {
    expect(loadCampaignsConfig({ env: {} })).toEqual({ MILESTONE_GRACE_DAYS: 30 });
    expect(loadCampaignsConfig({ env: { MILESTONE_GRACE_DAYS: '0' } }).MILESTONE_GRACE_DAYS).toBe(0);
    for (const bad of ['-1', '366', 'a month']) expect(() => loadCampaignsConfig({ env: { MILESTONE_GRACE_DAYS: bad } })).toThrow(/MILESTONE_GRACE_DAYS/);
  });
});
