import { Column, CreateDateColumn, Entity, OneToMany, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { bigintToNumber } from '@lib/platform/database/bigint.transformer';
import type { CampaignStatus } from '../domain/campaign';
import type { MilestoneEntity } from './milestone.entity';

@Entity({ schema: 'campaigns', name: 'campaigns' })
export class CampaignEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'promoter_id' }) promoterId!: string;
  @Column('text', { name: 'promoter_name', nullable: true }) promoterName!: string | null;
  @Column('uuid', { name: 'call_id', nullable: true }) callId!: string | null;
  @Column('text') status!: CampaignStatus;
  @Column('text') title!: string;
  @Column('text') summary!: string;
  @Column('text') description!: string;
  @Column('text') area!: string;
  @Column('text') category!: string;
  @Column('text', { name: 'promoter_type' }) promoterType!: string;
  @Column('bigint', { name: 'goal_amount', transformer: bigintToNumber }) goalAmount!: number;
  @Column('char', { length: 3 }) currency!: string;
  @Column('text', { name: 'funding_model' }) fundingModel!: 'all_or_nothing' | 'keep_it_all';
  @Column('timestamptz', { name: 'starts_at' }) startsAt!: Date;
  @Column('timestamptz', { name: 'ends_at' }) endsAt!: Date;
  @Column('bigint', { name: 'cofinancing_amount', transformer: bigintToNumber }) cofinancingAmount!: number;
  @Column('int', { name: 'upfront_share_pct' }) upfrontSharePct!: number;
  @Column('text', { name: 'failed_milestone_policy' }) failedMilestonePolicy!: 'release_donor_share' | 'refund_donor_share';
  @OneToMany('MilestoneEntity', 'campaign', { cascade: ['insert'] }) milestones!: MilestoneEntity[];
  /** Progress read model, kept from pledges' and matching's events. */
  @Column('bigint', { name: 'pledged_amount', transformer: bigintToNumber, default: 0 }) pledgedAmount!: number;
  @Column('bigint', { name: 'matched_amount', transformer: bigintToNumber, default: 0 }) matchedAmount!: number;
  @Column('int', { default: 0 }) backers!: number;
  @Column('int', { name: 'confirmed_pledges', default: 0 }) confirmedPledges!: number;
  @Column('text', { name: 'status_reason', nullable: true }) statusReason!: string | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
  @VersionColumn() version!: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
