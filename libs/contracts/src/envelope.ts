import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Max, Min, MaxLength } from 'class-validator';

export const SERVICES = ['campaigns', 'pledges', 'matching', 'payouts'] as const;
export type Service = (typeof SERVICES)[number];

/**
 * What travels between services. The payload's schema is found in the ContractRegistry by
 * (type, schemaVersion) and validated on receipt; consumers dedupe on `id`.
 */
export interface EventEnvelope<P = unknown> {
  id: string;
  type: string;
  schemaVersion: number;
  producer: Service;
  aggregateType: string;
  aggregateId: string;
  occurredAt: string;
  correlationId: string;
  causationId: string | null;
  payload: P;
}

export class EventEnvelopeSchema implements EventEnvelope<Record<string, unknown>> {
  @IsUUID() id!: string;
  @IsString() @IsNotEmpty() @MaxLength(100) type!: string;
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) schemaVersion!: number;
  @IsIn(SERVICES) producer!: Service;
  @IsString() @IsNotEmpty() @MaxLength(100) aggregateType!: string;
  @IsString() @IsNotEmpty() @MaxLength(200) aggregateId!: string;
  @IsISO8601({ strict: true }) occurredAt!: string;
  @IsString() @IsNotEmpty() @MaxLength(200) correlationId!: string;
  @IsOptional() @IsString() @MaxLength(200) causationId!: string | null;
  @IsObject() payload!: Record<string, unknown>;
}
