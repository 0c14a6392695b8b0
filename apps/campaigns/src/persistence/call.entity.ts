import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '@lib/platform/database/bigint.transformer';

@Entity({ schema: 'campaigns', name: 'calls' })
export class CallEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'owner_id' }) ownerId!: string;
  @Column('text') title!: string;
  @Column('text') description!: string;
  @Column('timestamptz', { name: 'opens_at' }) opensAt!: Date;
  @Column('timestamptz', { name: 'closes_at' }) closesAt!: Date;
  @Column('text', { array: true, name: 'eligible_areas' }) eligibleAreas!: string[];
  @Column('text', { array: true }) categories!: string[];
  @Column('text', { array: true, name: 'promoter_types' }) promoterTypes!: string[];
  @Column('char', { length: 3 }) currency!: string;
  @Column('bigint', { name: 'min_goal_amount', transformer: bigintToNumber }) minGoalAmount!: number;
  @Column('bigint', { name: 'max_goal_amount', transformer: bigintToNumber }) maxGoalAmount!: number;
  /** Minimum co-financing, percent of the goal, per promoter type (e.g. informal_group 5, ets 10). */
  @Column('jsonb', { name: 'min_cofinancing_pct' }) minCofinancingPct!: Record<string, number>;
  @Column('int', { name: 'max_campaigns', nullable: true }) maxCampaigns!: number | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
