/** Which campaigns a rule applies to (absent list = any). Checked against the campaign as published. */
export interface RuleEligibility {
  callIds?: string[];
  areas?: string[];
  categories?: string[];
  promoterTypes?: string[];
}

export interface CampaignFacts {
  callId: string | null;
  area: string;
  category: string;
  promoterType: string;
}

export function ruleApplies(e: RuleEligibility, c: CampaignFacts): boolean {
  return (
    (!e.callIds?.length || (c.callId !== null && e.callIds.includes(c.callId))) &&
    (!e.areas?.length || e.areas.includes(c.area)) &&
    (!e.categories?.length || e.categories.includes(c.category)) &&
    (!e.promoterTypes?.length || e.promoterTypes.includes(c.promoterType))
  );
}
