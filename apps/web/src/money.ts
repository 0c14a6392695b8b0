/**
 * Money in the web app is what the API says it is: integer cents. Cents are divided by 100 only to
 * display them; user input is turned into cents with string logic, never with float arithmetic.
 */
export function formatMoney(cents: number, currency = 'EUR', locale?: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}

/**
 * "12", "12,5", "12,50", "12.50", "1.234,56", "1,234.56", "€ 12" → cents; null when it is not an
 * amount. The last separator followed by one or two digits is the decimal one; other separators
 * must group thousands.
 */
export function parseCents(input: string): number | null {
  const s = input.replace(/[\s\u00a0€]/g, '').replace(/^EUR/i, '');
  if (!/^\d[\d.,]*$/.test(s)) return null;
  const m = /^(.*?)(?:[.,](\d{1,2}))?$/.exec(s)!;
  let whole = m[1];
  const fraction = m[2] ?? '';
  if (whole.includes('.') || whole.includes(',')) {
    if (!/^\d{1,3}([.,]\d{3})+$/.test(whole)) return null;
    whole = whole.replace(/[.,]/g, '');
  }
  if (!/^\d+$/.test(whole) || whole.length > 13) return null;
  return Number(whole) * 100 + Number((fraction + '00').slice(0, 2));
}

/** Integer percentage points (0–100) from a text field; null when it is not one. */
export function parsePct(input: string): number | null {
  const s = input.trim();
  if (!/^\d{1,3}$/.test(s)) return null;
  const n = Number(s);
  return n <= 100 ? n : null;
}

/**
 * The fund form's sources field: "municipal, ESF+" → tags only; "ERDF 50, national 35, city 15"
 * (or "ERDF 50%", "ERDF 33.34"; sources are separated by commas, so decimals take a point) → declared shares in basis points
 * (string logic, no float), which the API checks sum to 10000 (docs/money-rules.md, "A fund's money by source"). Null when some sources
 * have a share and others not, or a share is not a percentage with at most two decimals.
 */
export function parseSources(input: string): { sourceTags: string[] } | { sourceShares: { source: string; shareBps: number }[] } | null {
  const entries = input
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const parsed = entries.map((e) => {
    const m = /^(.*?)\s+(\d{1,3})(?:\.(\d{1,2}))?\s*%?$/.exec(e);
    return m && m[1].trim() ? { source: m[1].trim(), shareBps: Number(m[2]) * 100 + Number(((m[3] ?? '') + '00').slice(0, 2)) } : { source: e, shareBps: null };
  });
  if (parsed.every((p) => p.shareBps === null)) return { sourceTags: entries };
  if (parsed.some((p) => p.shareBps === null)) return null;
  return { sourceShares: parsed.map((p) => ({ source: p.source, shareBps: p.shareBps as number })) };
}
