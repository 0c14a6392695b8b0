import { CampaignCursorInvalid } from '../campaigns.errors';
import { CAMPAIGN_SORTS, CampaignKeyset, CampaignSort } from '../persistence/campaign.read-model';

/**
 * The opaque `cursor` of GET /campaigns: base64url of `{"s": sort, "k": [sort key…], "id": last id}`,
 * the sort key of the last row of the previous page as text (timestamps exact to the microsecond,
 * counts as decimal digits). Clients must not build one; they pass `nextCursor` back unchanged.
 */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const COUNT = /^(0|[1-9]\d{0,17})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
export const CURSOR_MAX_LENGTH = 512;

/** What each sort's key is made of: one timestamp, or backers then pledged cents. */
const KEY_SHAPES: Record<CampaignSort, RegExp[]> = {
  newest: [TIMESTAMP],
  ending_soon: [TIMESTAMP],
  most_backed: [COUNT, COUNT],
};

export function encodeCampaignCursor(sort: CampaignSort, keyset: CampaignKeyset): string {
  return Buffer.from(JSON.stringify({ s: sort, k: keyset.keys, id: keyset.id }), 'utf8').toString('base64url');
}

/** The keyset a cursor stands for, or 400 CAMPAIGN_CURSOR_INVALID saying what is wrong with it. */
export function decodeCampaignCursor(cursor: string, sort: CampaignSort): CampaignKeyset {
  if (cursor.length > CURSOR_MAX_LENGTH || !BASE64URL.test(cursor)) throw new CampaignCursorInvalid('not a base64url string of at most 512 characters');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new CampaignCursorInvalid('it does not decode to a cursor');
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw new CampaignCursorInvalid('it does not decode to a cursor');
  const { s, k, id, ...rest } = decoded as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw new CampaignCursorInvalid('it does not decode to a cursor');
  if (!CAMPAIGN_SORTS.includes(s as CampaignSort)) throw new CampaignCursorInvalid('unknown sort');
  if (s !== sort) throw new CampaignCursorInvalid(`it was given for sort=${String(s)}, not sort=${sort}`);
  const shape = KEY_SHAPES[sort];
  if (!Array.isArray(k) || k.length !== shape.length || !k.every((v, i) => typeof v === 'string' && shape[i].test(v)))
    throw new CampaignCursorInvalid(`malformed sort key for sort=${sort}`);
  if (typeof id !== 'string' || !UUID.test(id)) throw new CampaignCursorInvalid('malformed id');
  if (sort !== 'most_backed' && !isRealInstant(k[0] as string)) throw new CampaignCursorInvalid('not a valid timestamp');
  return { keys: k as string[], id };
}

/** A calendar date and time that exists (Date would roll 2026-02-30 over to March). */
function isRealInstant(text: string): boolean {
  const date = new Date(text);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 23) === text.slice(0, 23);
}
