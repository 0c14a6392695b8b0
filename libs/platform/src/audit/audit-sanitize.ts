const REDACT = /(iban|secret|token|password|card|account_?number)/i;

/**
 * What PostgreSQL text and jsonb can hold: no NUL character, no lone UTF-16 surrogate (a hostile
 * body may carry both; the entry must still be written, not turn a 400 into a 500).
 */
export function storable(text: string): string {
  return text.replace(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export function redacted(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[truncated]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redacted(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .slice(0, 100)
        .map(([k, v]) => [storable(k.slice(0, 200)), REDACT.test(k) ? '[redacted]' : redacted(v, depth + 1)]),
    );
  }
  if (typeof value === 'string') return storable(value.length > 2000 ? `${value.slice(0, 2000)}…` : value);
  return value;
}
