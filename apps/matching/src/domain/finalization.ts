/**
 * The pure decisions of a campaign's finalization (docs/money-rules.md, "Quadratic rounds and
 * campaign closing"): whether matching holds what funding.closed counts, and whether a quadratic
 * round not final yet may still give the campaign a share.
 */

/** Whether matching's per-donor totals are exactly those funding.closed counts (no donor more, none less). */
export function holdsWhatCloseCounts(known: ReadonlyMap<string, number>, donors: readonly { donorId: string; amount: number }[]): boolean {
  return known.size === donors.length && donors.every((d) => known.get(d.donorId) === d.amount);
}

/** Whether a round's window concerns a closed campaign: it started before funding closed and the campaign was published before its end. */
export function roundCoversClose(round: { roundStartsAt: string; roundEndsAt: string }, closedAt: Date, publishedAt: Date): boolean {
  return !(new Date(round.roundStartsAt) >= closedAt || publishedAt >= new Date(round.roundEndsAt));
}

/** Whether the campaign counts enough donors in the window for a share: a single donor's ideal is 0, (√c)² − c. */
export function enoughDonorsForShare(donors: number, minUniqueDonors: number | undefined): boolean {
  return donors >= Math.max(2, minUniqueDonors ?? 1);
}
