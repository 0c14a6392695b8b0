/**
 * The shapes of the API's answers, named for the web client. They are not written here: each is a
 * response schema of the OpenAPI document, generated into api/<tag>.gen.ts by `npm run api:types`
 * from the controllers' declared responses (apps/<service>/src/http/*.response.ts), which
 * tests/e2e/openapi-responses.e2e-spec.ts checks against real answers.
 */
import type { components as Auth } from './api/auth.gen';
import type { components as Calls } from './api/calls.gen';
import type { components as Campaigns } from './api/campaigns.gen';
import type { components as Matching } from './api/matching.gen';
import type { components as Milestones } from './api/milestones.gen';
import type { components as Payouts } from './api/payouts.gen';
import type { components as Pledges } from './api/pledges.gen';

/** Every tag's schemas (a schema two tags use is generated in both, identically). */
type Schemas = Auth['schemas'] &
  Calls['schemas'] &
  Campaigns['schemas'] &
  Matching['schemas'] &
  Milestones['schemas'] &
  Payouts['schemas'] &
  Pledges['schemas'];

export type Campaign = Schemas['CampaignResponse'];
/** A campaign as the pages of GET /campaigns list it: without its milestones. */
export type CampaignSummary = Schemas['CampaignSummaryResponse'];
export type CampaignStatus = Campaign['status'];
export type Milestone = Schemas['MilestoneResponse'];
export type MilestoneStatus = Milestone['status'];
export type CampaignPage = Schemas['CampaignPageResponse'];
export type Call = Schemas['CallResponse'];
export type Backer = Schemas['BackerResponse'];
export type BackersPage = Schemas['BackersPageResponse'];
/** GET /pledges/:id, GET /me/pledges, POST /pledges/:id/sandbox-confirm. */
export type Pledge = Schemas['PledgeResponse'];
/** POST /pledges: the pledge with its match quote and, while it awaits payment, the provider's client secret. */
export type CreatedPledge = Schemas['CreatedPledgeResponse'];
export type Quote = Schemas['QuoteResponse'];
export type Update = Schemas['UpdateResponse'];
export type Tranche = Schemas['TrancheResponse'];
export type Fund = Schemas['FundResponse'];
export type EvidenceToVerify = Schemas['EvidenceToVerifyResponse'];
export type PublicMoneyRow = Schemas['PublicMoneyRowResponse'];
export type ClientConfig = Schemas['ClientConfig'];
export type DevToken = Schemas['DevTokenResponse'];
export type PayoutAccountResult = Schemas['PayoutAccountResponse'];
