import { CampaignsErrorCode } from '../campaigns.errors';
import { CampaignSort } from '../persistence/campaign.read-model';
import { CURSOR_MAX_LENGTH, decodeCampaignCursor, encodeCampaignCursor } from './campaign-cursor';

const ID = '0b7a3c1e-5f2d-4e8a-9c6b-1d2e3f4a5b6c';
const raw = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function refusal(cursor: string, sort: CampaignSort = 'newest') {
  try {
    decodeCampaignCursor(cursor, sort);
  } catch (e) {
    return e as { code: string; kind: string; message: string };
  }
  throw new Error('the cursor was accepted');
}

describe('the campaign list cursor', () => {
  it.each<[CampaignSort, string[]]>([
    ['newest', ['2027-01-02T03:04:05.123456Z']],
    ['ending_soon', ['2027-02-28T23:59:59.000000Z']],
    ['most_backed', ['0', '0']],
    ['most_backed', ['1234', '900719925474099']],
  ])('round-trips the sort key and id of sort=%s', (sort, keys) => {
    const cursor = encodeCampaignCursor(sort, { keys, id: ID });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/); // base64url: safe in a query string as it is
    expect(decodeCampaignCursor(cursor, sort)).toEqual({ keys, id: ID });
  });

  it('is base64url of the sort, the key and the id (opaque to clients, readable to us)', () => {
    const cursor = encodeCampaignCursor('newest', { keys: ['2027-01-02T03:04:05.123456Z'], id: ID });
    expect(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))).toEqual({ s: 'newest', k: ['2027-01-02T03:04:05.123456Z'], id: ID });
  });

  it('refuses a cursor of another sort: the key would mean something else', () => {
    const cursor = encodeCampaignCursor('newest', { keys: ['2027-01-02T03:04:05.123456Z'], id: ID });
    expect(refusal(cursor, 'ending_soon')).toMatchObject({
      code: CampaignsErrorCode.CAMPAIGN_CURSOR_INVALID,
      kind: 'invalid',
      message: expect.stringContaining('sort=newest, not sort=ending_soon'),
    });
  });

  it.each([
    ['not base64url', 'abc+/=='],
    ['too long', 'a'.repeat(CURSOR_MAX_LENGTH + 1)],
    ['not JSON', Buffer.from('{nope').toString('base64url')],
    ['JSON but not an object', raw(['newest', [], ID])],
    ['null', raw(null)],
    ['an extra field', raw({ s: 'newest', k: ['2027-01-02T03:04:05.123456Z'], id: ID, x: 1 })],
    ['an unknown sort', raw({ s: 'loudest', k: ['2027-01-02T03:04:05.123456Z'], id: ID })],
    ['no key', raw({ s: 'newest', k: [], id: ID })],
    ['a key that is not a list', raw({ s: 'newest', k: '2027-01-02T03:04:05.123456Z', id: ID })],
    ['a millisecond timestamp (the key is exact to the microsecond)', raw({ s: 'newest', k: ['2027-01-02T03:04:05.123Z'], id: ID })],
    ['a day that does not exist', raw({ s: 'newest', k: ['2027-02-30T03:04:05.123456Z'], id: ID })],
    ['an hour that does not exist', raw({ s: 'newest', k: ['2027-01-02T24:04:05.123456Z'], id: ID })],
    ['SQL in the key', raw({ s: 'newest', k: ["2027-01-02T03:04:05.123456Z' OR 1=1"], id: ID })],
    ['a malformed id', raw({ s: 'newest', k: ['2027-01-02T03:04:05.123456Z'], id: 'x' })],
    ['no id', raw({ s: 'newest', k: ['2027-01-02T03:04:05.123456Z'] })],
  ])('refuses %s', (_, cursor) => {
    expect(refusal(cursor)).toMatchObject({
      code: CampaignsErrorCode.CAMPAIGN_CURSOR_INVALID,
      kind: 'invalid',
      message: expect.stringMatching(/^Invalid cursor: /),
    });
  });

  it.each([
    ['a negative count', ['-1', '0']],
    ['a fraction', ['1.5', '0']],
    ['a leading zero', ['01', '0']],
    ['a number instead of text', [1, 0]],
    ['one key only', ['1']],
    ['a timestamp', ['2027-01-02T03:04:05.123456Z', '0']],
  ])('refuses a most_backed key with %s', (_, k) => {
    expect(refusal(raw({ s: 'most_backed', k, id: ID }), 'most_backed').code).toBe(CampaignsErrorCode.CAMPAIGN_CURSOR_INVALID);
  });
});
