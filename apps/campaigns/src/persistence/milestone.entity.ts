import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

export const MILESTONE_STATUSES = ['pending', 'evidence_submitted', 'verified', 'failed', 'expired'] as const;

@Entity({ schema: 'campaigns', name: 'milestones' })
export class MilestoneEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'campaign_id' }) campaignId!: string;
  @ManyToOne('CampaignEntity', 'milestones', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  // Typed by its key only, related by entity name: importing CampaignEntity here made an import circle.
  campaign!: { id: string };
  @Column('int') position!: number;
  @Column('text') title!: string;
  @Column('text') indicator!: string;
  @Column('text') unit!: string;
  @Column('numeric', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) baseline!: number;
  @Column('numeric', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) target!: number;
  @Column('timestamptz', { name: 'due_at' }) dueAt!: Date;
  @Column('int', { name: 'payout_share_pct' }) payoutSharePct!: number;
  @Column('text', { name: 'payment_rule' }) paymentRule!: 'binary' | 'proportional';
  @Column('int', { name: 'min_achievement_pct', nullable: true }) minAchievementPct!: number | null;
  @Column('text') status!: (typeof MILESTONE_STATUSES)[number];
  @Column('numeric', {
    name: 'verified_value',
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  verifiedValue!: number | null;
  @Column('int', { name: 'achievement_bps', nullable: true }) achievementBps!: number | null;
  @Column('timestamptz', { name: 'settled_at', nullable: true }) settledAt!: Date | null;
}
