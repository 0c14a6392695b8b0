import { IsInt, IsString, IsUUID, Length, Min } from 'class-validator';
import { defineEvent } from '../registry';

/** A forfeited match share (failed or expired milestone, unearned part) goes back to its fund. */
export class FundsReturnedV1 {
  @IsUUID() returnId!: string;
  @IsUUID() fundId!: string;
  @IsUUID() campaignId!: string;
  @IsInt() @Min(1) amount!: number;
  @IsString() @Length(3, 3) currency!: string;
  @IsString() @Length(1, 500) reason!: string;
}
export const FundsReturned = defineEvent({ type: 'funds.returned', version: 1, producer: 'payouts', aggregateType: 'fund-return', schema: FundsReturnedV1 });
