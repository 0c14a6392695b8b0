import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '@lib/platform/database/bigint.transformer';

/** The campaign facts the pledges service needs, kept from campaigns' events (never read from their tables). */
@Entity({ schema: 'pledges', name: 'campaign_views' })
export class CampaignViewEntity {
  @PrimaryColumn('uuid', { name: 'campaign_id' }) campaignId!: string;
  @Column('text') title!: string;
  @Column('text', { name: 'promoter_id' }) promoterId!: string;
  @Column('bigint', { name: 'goal_amount', transformer: bigintToNumber }) goalAmount!: number;
  @Column('char', { length: 3 }) currency!: string;
  @Column('text', { name: 'funding_model' }) fundingModel!: string;
  @Column('timestamptz', { name: 'starts_at' }) startsAt!: Date;
  @Column('timestamptz', { name: 'ends_at' }) endsAt!: Date;
  @Column('text') status!: string;
  @Column('text', { name: 'promoter_name', nullable: true }) promoterName!: string | null;
  @Column('text', { name: 'end_reason', nullable: true }) endReason!: string | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
  /** The crowd counted when funding closed (null while open, and for campaigns closed before it was kept). */
  @Column('bigint', { name: 'crowd_at_close', nullable: true, transformer: bigintToNumber }) crowdAtClose!: number | null;
  @Column('bigint', { name: 'refunded_after_close', transformer: bigintToNumber }) refundedAfterClose!: number;
  @Column('bigint', { name: 'crowd_settled', transformer: bigintToNumber }) crowdSettled!: number;
}
