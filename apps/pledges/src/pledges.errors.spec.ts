import { Forbidden, NotFound } from '@lib/platform/errors/domain-error';
import { PledgesErrorCode } from './pledges.errors';

describe('PledgesErrorCode', () => {
  it('names each code by its own wire string', () => {
    for (const [name, value] of Object.entries(PledgesErrorCode)) expect(value).toBe(name);
  });

  it('holds the codes the platform derives for the resources pledges refuses', () => {
    expect(new NotFound('Pledge', 'p1').code).toBe(PledgesErrorCode.PLEDGE_NOT_FOUND);
    expect(new NotFound('Campaign', 'c1').code).toBe(PledgesErrorCode.CAMPAIGN_NOT_FOUND);
    expect(new Forbidden('no').code).toBe(PledgesErrorCode.FORBIDDEN);
  });
});
