import { DomainError } from '../errors/domain-error';

/** Every refusal of a bearer token: one code, the reason in the message. */
export class InvalidToken extends DomainError {
  constructor(reason: string) {
    super('AUTH_INVALID_TOKEN', 'unauthenticated', `Invalid bearer token: ${reason}`);
  }
}
