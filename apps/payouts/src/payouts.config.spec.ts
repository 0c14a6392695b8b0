import { loadPayoutsConfig } from './payouts.config';

describe('loadPayoutsConfig', () => {
  it('gives the documented defaults and reads the peers of the platform audit', () => {
    expect(loadPayoutsConfig({ env: {} })).toEqual({
      AUDIT_PLATFORM_ATTEMPTS: 3,
      AUDIT_PLATFORM_RETRY_MS: 500,
      AUDIT_PLATFORM_TIMEOUT_MS: 10000,
      EXPORT_MAX_CONCURRENT: 3,
      EXPORT_STALL_MS: 30000,
    });
    const env = { CAMPAIGNS_BASE_URL: 'http://campaigns:3000', PLEDGES_BASE_URL: 'http://pledges:3000', AUDIT_PLATFORM_RETRY_MS: '10' };
    expect(loadPayoutsConfig({ env })).toMatchObject({
      CAMPAIGNS_BASE_URL: 'http://campaigns:3000',
      PLEDGES_BASE_URL: 'http://pledges:3000',
      AUDIT_PLATFORM_RETRY_MS: 10,
    });
  });

  it('refuses URLs that are not URLs and attempts out of range', () => {
    expect(() => loadPayoutsConfig({ env: { PAYOUTS_BASE_URL: 'payouts' } })).toThrow(/PAYOUTS_BASE_URL/);
    expect(() => loadPayoutsConfig({ env: { AUDIT_PLATFORM_ATTEMPTS: '0' } })).toThrow(/AUDIT_PLATFORM_ATTEMPTS/);
    expect(() => loadPayoutsConfig({ env: { EXPORT_MAX_CONCURRENT: '0' } })).toThrow(/EXPORT_MAX_CONCURRENT/);
    expect(() => loadPayoutsConfig({ env: { AUDIT_PLATFORM_TIMEOUT_MS: '50' } })).toThrow(/AUDIT_PLATFORM_TIMEOUT_MS/);
  });
});
