import type { DomainErrorKind } from './domain-error';
import { statusOf } from './error-status';

describe('statusOf (error kind → HTTP status)', () => {
  it.each<[DomainErrorKind, number]>([
    ['invalid', 400],
    ['unauthenticated', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['unprocessable', 422],
  ])('%s → %i', (kind, status) => {
    expect(statusOf(kind)).toBe(status);
  });
});
