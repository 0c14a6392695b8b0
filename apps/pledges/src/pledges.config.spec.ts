import { ConfigError } from '@lib/platform';
import { loadPledgesConfig } from './pledges.config';

describe('loadPledgesConfig', () => {
  it('gives the documented defaults', () => {
    expect(loadPledgesConfig({ env: {} })).toEqual({
      PLEDGE_MIN_AMOUNT: 100,
      PLEDGE_MAX_AMOUNT: 1_000_000,
      PLEDGE_PAYMENT_TIMEOUT_MINUTES: 60,
      FUNDING_CLOSE_GRACE_SECONDS: 60,
    });
  });

  it('reads its settings from the environment and refuses bounds that cross', () => {
    expect(loadPledgesConfig({ env: { PLEDGE_MIN_AMOUNT: '500', MATCHING_BASE_URL: 'http://matching:3000' } })).toMatchObject({
      PLEDGE_MIN_AMOUNT: 500,
      MATCHING_BASE_URL: 'http://matching:3000',
    });
    expect(() => loadPledgesConfig({ env: { PLEDGE_MIN_AMOUNT: '500', PLEDGE_MAX_AMOUNT: '499' } })).toThrow(/PLEDGE_MAX_AMOUNT is below PLEDGE_MIN_AMOUNT/);
    expect(loadPledgesConfig({ env: { PLEDGE_MIN_AMOUNT: '500', PLEDGE_MAX_AMOUNT: '500' } }).PLEDGE_MAX_AMOUNT).toBe(500);
  });

  it('lists every invalid setting', () => {
    const env = { PLEDGE_MIN_AMOUNT: '0', PLEDGE_PAYMENT_TIMEOUT_MINUTES: 'soon', FUNDING_CLOSE_GRACE_SECONDS: '86401', MATCHING_BASE_URL: 'matching' };
    expect(() => loadPledgesConfig({ env })).toThrow(ConfigError);
    expect(() => loadPledgesConfig({ env })).toThrow(
      /PLEDGE_MIN_AMOUNT[\s\S]*PLEDGE_PAYMENT_TIMEOUT_MINUTES[\s\S]*FUNDING_CLOSE_GRACE_SECONDS[\s\S]*MATCHING_BASE_URL/,
    );
  });
});
