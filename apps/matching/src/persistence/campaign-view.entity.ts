import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '@lib/platform/database/bigint.transformer';

/** Campaign facts that decide rule eligibility, kept from campaigns' events. */
@Entity({ schema: 'matching', name: 'campaign_views' })
export class MatchingCampaignViewEntity {
  @PrimaryColumn('uuid', { name: 'campaign_id' }) campaignId!: string;
  @Column('uuid', { name: 'call_id', nullable: true }) callId!: string | null;
  @Column('text') area!: string;
  @Column('text') category!: string;
  @Column('text', { name: 'promoter_type' }) promoterType!: string;
  @Column('bigint', { name: 'goal_amount', transformer: bigintToNumber }) goalAmount!: number;
  @Column('char', { length: 3 }) currency!: string;
  @Column('timestamptz', { name: 'published_at' }) publishedAt!: Date;
}
