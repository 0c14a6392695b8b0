/** CLS keys: which request or event caused the current unit of work (copied into new envelopes). */
export const CORRELATION_KEY = 'civic:correlationId';
export const CAUSATION_KEY = 'civic:causationId';
