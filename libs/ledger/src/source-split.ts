import { allocate, assertCents } from './money';

/** One line of a fund's report by source: a declared source (or null: the fund undivided) and its share. */
export interface ReportingSource {
  /** The source, or null when the fund declared no split and has several (or no) tags: reported once, undivided. */
  source: string | null;
  shareBps: number;
  /** Whether the funder declared this share (false: derived from the tags, see reportingSources). */
  declared: boolean;
}

/**
 * The lines a fund's figures are reported on by source (docs/money-rules.md, "A fund's money by
 * source"), so that the lines always add up to the fund and a cent is never reported twice:
 * - declared shares: one line per declared source, in declared order;
 * - no declared shares and exactly one tag: that tag pays the whole fund (10000 bps);
 * - no declared shares and several tags (funds created before shares existed), or none: ONE line,
 *   `source: null`, with the fund's full figures — never the full figures under each tag.
 */
export function reportingSources(
  sourceTags: readonly string[],
  sourceShares: readonly { source: string; shareBps: number }[] | null | undefined,
): ReportingSource[] {
  if (sourceShares && sourceShares.length > 0) return sourceShares.map((s) => ({ source: s.source, shareBps: s.shareBps, declared: true }));
  const tags = [...new Set(sourceTags)];
  if (tags.length === 1) return [{ source: tags[0], shareBps: 10_000, declared: false }];
  return [{ source: null, shareBps: 10_000, declared: false }];
}

/**
 * Splits `total` cents by source shares in basis points. Rounding rule (largest remainder, to the
 * cent): each source gets floor(total × shareBps / 10000); the cents left over go one each to the
 * sources with the largest remainders, ties broken by declared order (earlier first). So the parts
 * always add up exactly to `total`, and each part is within one cent of its exact share. A negative
 * total (never expected for a fund's figures) is split as its absolute value, then negated, so the
 * rule is symmetric.
 */
export function splitBySource(total: number, shares: readonly { shareBps: number }[]): number[] {
  assertCents(total, 'total');
  const weights = shares.map((s) => s.shareBps);
  if (total < 0) return allocate(-total, weights).map((p) => (p === 0 ? 0 : -p));
  return allocate(total, weights);
}

/**
 * Every figure of `figures` split by the same sources: one object per source with the source's line
 * and its part of each figure. Each figure is split on its own (largest remainder), so each column
 * adds up exactly to the fund's figure; a source's own buckets may therefore differ from its share of
 * a total by at most one cent per bucket.
 */
export function splitFiguresBySource<K extends string>(
  figures: Record<K, number>,
  sources: readonly ReportingSource[],
): (ReportingSource & Record<K, number>)[] {
  const keys = Object.keys(figures) as K[];
  const parts = Object.fromEntries(keys.map((k) => [k, splitBySource(figures[k], sources)])) as Record<K, number[]>;
  return sources.map((s, i) => ({ ...s, ...(Object.fromEntries(keys.map((k) => [k, parts[k][i]])) as Record<K, number>) }));
}
