/** Small helpers shared by the promoter's and the funder's forms. */

export const PROMOTER_TYPES = ['ets', 'informal_group', 'social_enterprise', 'company'] as const;

/** The calendar day `offset` days from today, as a date input's value (YYYY-MM-DD). */
export const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A date input's day as the API's ISO instant (midnight UTC). */
export const isoDay = (d: string) => `${d}T00:00:00.000Z`;
