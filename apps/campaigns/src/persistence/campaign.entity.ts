import { Column, CreateDateColumn, Entity, OneToMany, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { bigintToNumber } from '@lib/platform/database/bigint.transformer';
import type { CampaignStatus } from '../domain/campaign';
import { MilestoneEntity } from './milestone.entity';

@Entity({ schema: 'campaigns', name: 'campaigns' })
export class CampaignEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'promoter_id' }) promoterId!: string;
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
  @OneToMany(() => MilestoneEntity, (m) => m.campaign, { cascade: ['insert'] }) milestones!: MilestoneEntity[];
  @VersionColumn() version!: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
