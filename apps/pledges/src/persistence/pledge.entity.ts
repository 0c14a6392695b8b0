import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '@lib/platform/database/bigint.transformer';
import type { PledgeStatus } from '../domain/pledge';

@Entity({ schema: 'pledges', name: 'pledges' })
export class PledgeEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'campaign_id' }) campaignId!: string;
  @Column('text', { name: 'donor_id' }) donorId!: string;
  @Column('bigint', { name: 'amount_minor', transformer: bigintToNumber }) amount!: number;
  @Column('char', { length: 3 }) currency!: string;
  /** Part already given back by pro-rata refunds of a forfeited donors' share (the pledge stays confirmed). */
  @Column('bigint', { name: 'refunded_amount', transformer: bigintToNumber, default: 0 }) refundedAmount!: number;
  @Column('text') status!: PledgeStatus;
  @Column('boolean') anonymous!: boolean;
  @Column('text', { name: 'display_name', nullable: true }) displayName!: string | null;
  @Column('text', { nullable: true }) message!: string | null;
  @Column('text', { name: 'payment_provider' }) paymentProvider!: string;
  @Column('text', { name: 'payment_ref', nullable: true }) paymentRef!: string | null;
  @Column('text', { name: 'failure_reason', nullable: true }) failureReason!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'confirmed_at', nullable: true }) confirmedAt!: Date | null;
  /** When its pledge.confirmed was emitted (= confirmedAt); null if never announced (docs/money-rules.md, "Round cut-off"). */
  @Column('timestamptz', { name: 'announced_at', nullable: true }) announcedAt!: Date | null;
  @Column('timestamptz', { name: 'refunded_at', nullable: true }) refundedAt!: Date | null;
  @Column('text', { name: 'refund_reason', nullable: true }) refundReason!: string | null;
}
