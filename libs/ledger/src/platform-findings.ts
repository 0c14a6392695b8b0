/** What `reconcile` (platform-audit.ts) reports: one finding per disagreement between the services' figures. */

export type FindingKind =
  | 'count-mismatch'
  | 'double-counted'
  | 'uncounted'
  | 'stranded-match'
  | 'negative-balance'
  | 'escrow-mismatch'
  | 'fund-identity'
  | 'cap-exceeded'
  | 'dead-letter'
  | 'ledger-audit';

export interface Finding {
  kind: FindingKind;
  campaignId?: string;
  fundId?: string;
  detail: string;
  figures: Record<string, unknown>;
}

export interface PlatformReport {
  /** ok: no finding; pending: messages still in flight, findings may be transient; findings: money is wrong */
  status: 'ok' | 'pending' | 'findings';
  findings: Finding[];
  pendingOutbox: Record<string, number>;
}
