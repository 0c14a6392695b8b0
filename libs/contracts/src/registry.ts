import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { EventEnvelope, EventEnvelopeSchema, Service } from './envelope';

/** One versioned event contract: who produces it, on which aggregate, and its payload schema. */
export interface EventContract<P extends object = object> {
  readonly type: string;
  readonly version: number;
  readonly producer: Service;
  readonly aggregateType: string;
  readonly schema: new () => P;
}

export function defineEvent<P extends object>(contract: EventContract<P>): EventContract<P> {
  return Object.freeze(contract);
}

/** Topic naming: `<service>.<aggregate>`; key = aggregate id, so one aggregate's events stay ordered. */
export const topicOf = (c: Pick<EventContract, 'producer' | 'aggregateType'>) => `${c.producer}.${c.aggregateType}`;
export const contractKey = (type: string, version: number) => `${type}.v${version}`;

/** An event that breaks its contract can never succeed on retry: it goes straight to the dead letters. */
export class ContractViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractViolation';
  }
}

export class ContractRegistry {
  private readonly byKey = new Map<string, EventContract>();

  constructor(contracts: readonly EventContract[] = []) {
    contracts.forEach((c) => this.register(c));
  }

  register(contract: EventContract): void {
    this.byKey.set(contractKey(contract.type, contract.version), contract);
  }

  get(type: string, version: number): EventContract | undefined {
    return this.byKey.get(contractKey(type, version));
  }

  all(): EventContract[] {
    return [...this.byKey.values()];
  }

  topics(): string[] {
    return [...new Set(this.all().map(topicOf))].sort();
  }

  /** Parses and validates a received message; throws ContractViolation with every problem listed. */
  parse(raw: string | Buffer | object): EventEnvelope {
    let data: unknown;
    try {
      data = typeof raw === 'string' || Buffer.isBuffer(raw) ? JSON.parse(raw.toString()) : raw;
    } catch {
      throw new ContractViolation('message is not JSON');
    }
    const envelope = plainToInstance(EventEnvelopeSchema, data);
    const envErrors = validateSync(envelope, { forbidUnknownValues: false });
    if (envErrors.length) throw new ContractViolation(`invalid envelope: ${describe(envErrors)}`);
    const contract = this.get(envelope.type, envelope.schemaVersion);
    if (!contract) throw new ContractViolation(`unknown event ${contractKey(envelope.type, envelope.schemaVersion)}`);
    const payload = plainToInstance(contract.schema, envelope.payload);
    // Tolerant reader: fields this consumer does not know are dropped, not refused, so a producer
    // may add optional fields to a version before every consumer is upgraded.
    const errors = validateSync(payload, { whitelist: true, forbidNonWhitelisted: false });
    if (errors.length) throw new ContractViolation(`invalid ${contractKey(contract.type, contract.version)} payload: ${describe(errors)}`);
    return { ...envelope, causationId: envelope.causationId ?? null, payload };
  }
}

function describe(errors: ValidationError[], prefix = ''): string {
  return errors
    .flatMap((e) => {
      const path = `${prefix}${e.property}`;
      const own = Object.values(e.constraints ?? {}).map((m) => `${path}: ${m}`);
      return e.children?.length ? [...own, describe(e.children, `${path}.`)] : own;
    })
    .join('; ');
}
