import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { SourceShare } from '@lib/contracts';
import { bigintToNumber } from '@lib/platform/database/bigint.transformer';

@Entity({ schema: 'matching', name: 'funds' })
export class FundEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'owner_id' }) ownerId!: string;
  @Column('text') name!: string;
  @Column('char', { length: 3 }) currency!: string;
  @Column('text', { array: true, name: 'source_tags' }) sourceTags!: string[];
  /** Declared shares of the fund per source (bps, sum 10000, declared order), or null: none declared. */
  @Column('jsonb', { name: 'source_shares', nullable: true }) sourceShares!: SourceShare[] | null;
  @Column('bigint', { name: 'budget_amount', transformer: bigintToNumber }) budgetAmount!: number;
  @Column('bigint', { transformer: bigintToNumber }) available!: number;
  @Column('bigint', { transformer: bigintToNumber }) reserved!: number;
  @Column('bigint', { transformer: bigintToNumber }) committed!: number;
  @Column('bigint', { transformer: bigintToNumber }) spent!: number;
  @Column('bigint', { transformer: bigintToNumber }) returned!: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  /** Set when the funder closes the fund: its available money was returned, rules match nothing more. */
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
}
