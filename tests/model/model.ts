import type fc from 'fast-check';
import type { TestPlatform } from '../support/harness';

// The reference model of the model-based test (money-lifecycle.e2e-spec.ts) and the world its commands act on.
export interface Actor {
  id: string;
  token: string;
}
export interface FundRef {
  id: string;
  owner: number;
  closed: boolean;
  rule: string;
}
export interface CampaignRef {
  id: string;
  promoter: number;
  milestones: string[];
  /** its goal is above the call's maximum: a draft may hold it, approval refuses it */
  ineligible: boolean;
}
export interface PledgeRef {
  id: string;
  campaign: number;
  donor: number;
}
/** What the model knows: the ids created and who owns them; derived states are read when needed. */
export interface Model {
  funds: FundRef[];
  campaigns: CampaignRef[];
  pledges: PledgeRef[];
}
export interface World {
  p: TestPlatform;
  admin: Actor;
  funders: Actor[];
  promoters: Actor[];
  citizens: Actor[];
  verifier: Actor;
  callId: string;
  callClosesAt: number;
  log: string[];
  /** Topics held back from one service (Lag): released after `steps` more steps. */
  lags: { name: string; service: string; steps: number; release: () => Promise<void> }[];
}

export type Cmd = fc.AsyncCommand<Model, World>;

export const pick = <T>(xs: T[], i: number) => xs[i % xs.length];
export const lagging = (w: World, service: string) => w.lags.some((l) => l.service === service);
export const SUCCEEDED = ['succeeded', 'in_delivery', 'completed'];
