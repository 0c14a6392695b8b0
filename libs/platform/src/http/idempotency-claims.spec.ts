import type { Tx } from '../database/service-database.module';
import { firstOfEachKey, IdempotencyClaim, IdempotencyKeys } from './idempotency-claims';

const claim = (actorId: string, key: string, requestHash = `h-${actorId}-${key}`, status = 201): IdempotencyClaim => ({ actorId, key, requestHash, status });

/** A fake transaction host: each statement gets the next of `answers` (rows), and is recorded. */
function keys(...answers: unknown[][]) {
  const query = jest.fn(async (_sql: string, _params: unknown[][]) => answers.shift() ?? []);
  return { idem: new IdempotencyKeys('pledges', { tx: { query } } as unknown as Tx), query };
}

describe('firstOfEachKey', () => {
  it('ignores items without a claim, keeps the first of each key in order and puts later ones aside', () => {
    const items = [{ claim: claim('a', 'k1') }, {}, { claim: claim('a', 'k2') }, { claim: claim('a', 'k1', 'other') }, { claim: claim('a', 'k2') }, {}];
    const { first, later } = firstOfEachKey(items);
    expect(first).toEqual([0, 2]);
    expect([...later].sort()).toEqual([3, 4]);
  });

  it('treats the same key of two actors as two keys', () => {
    expect(firstOfEachKey([{ claim: claim('a', 'k') }, { claim: claim('b', 'k') }])).toEqual({ first: [0, 1], later: new Set() });
  });

  it('does not confuse actor and key that concatenate alike', () => {
    expect(firstOfEachKey([{ claim: claim('ab', 'c') }, { claim: claim('a', 'bc') }]).first).toEqual([0, 1]);
  });

  it('returns nothing for no items', () => {
    expect(firstOfEachKey([])).toEqual({ first: [], later: new Set() });
  });
});

describe('IdempotencyKeys.claim', () => {
  it('inserts the claims sorted by actor and key, in one statement, with parallel parameter arrays', async () => {
    const claims = [claim('b', 'k1', 'hb1', 201), claim('a', 'k2', 'ha2', 200), claim('a', 'k1', 'ha1', 202)];
    const { idem, query } = keys([
      { actor_id: 'a', key: 'k1' },
      { actor_id: 'a', key: 'k2' },
      { actor_id: 'b', key: 'k1' },
    ]);
    await idem.claim(claims);
    expect(query).toHaveBeenCalledTimes(1);
    const [sql, params] = query.mock.calls[0];
    expect(sql).toContain('INSERT INTO "pledges".idempotency_keys');
    expect(sql).toContain('ON CONFLICT (actor_id, key) DO NOTHING');
    expect(params).toEqual([
      ['a', 'a', 'b'],
      ['k1', 'k2', 'k1'],
      ['ha1', 'ha2', 'hb1'],
      [202, 200, 201],
    ]);
  });

  it('answers in the order of the claims given, not the sorted order', async () => {
    const { idem } = keys([{ actor_id: 'a', key: 'k1' }], [{ actor_id: 'b', key: 'k1', request_hash: 'h-b-k1', status: 201, response: { id: 'p1' } }]);
    expect(await idem.claim([claim('b', 'k1'), claim('a', 'k1')])).toEqual([
      { claimed: false, replay: { status: 201, body: { id: 'p1' } } },
      { claimed: true },
    ]);
  });

  it('runs no SELECT when every key was claimed', async () => {
    const { idem, query } = keys([
      { actor_id: 'a', key: 'k' },
      { actor_id: 'b', key: 'k' },
    ]);
    expect(await idem.claim([claim('b', 'k'), claim('a', 'k')])).toEqual([{ claimed: true }, { claimed: true }]);
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('selects only the keys not claimed, and reports another request under a used key as reused', async () => {
    const { idem, query } = keys(
      [{ actor_id: 'a', key: 'new' }],
      [{ actor_id: 'a', key: 'old', request_hash: 'a different request', status: 201, response: { id: 'x' } }],
    );
    expect(await idem.claim([claim('a', 'new'), claim('a', 'old')])).toEqual([{ claimed: true }, { claimed: false, reused: true }]);
    expect(query).toHaveBeenCalledTimes(2);
    const [sql, params] = query.mock.calls[1];
    expect(sql).toMatch(/^SELECT .* FROM "pledges".idempotency_keys k/);
    expect(params).toEqual([['a'], ['old']]);
  });

  it('replays the stored status and body for the same request under a used key', async () => {
    const { idem } = keys([], [{ actor_id: 'a', key: 'k', request_hash: 'same', status: 200, response: null }]);
    expect(await idem.claim([claim('a', 'k', 'same', 201)])).toEqual([{ claimed: false, replay: { status: 200, body: null } }]);
  });

  it('fails when a key is neither claimed nor found', async () => {
    const { idem } = keys([], []);
    await expect(idem.claim([claim('a', 'k')])).rejects.toThrow('idempotency key of a neither claimed nor found');
  });

  it('runs no statement for no claims', async () => {
    const { idem, query } = keys();
    expect(await idem.claim([])).toEqual([]);
    expect(query).not.toHaveBeenCalled();
  });
});

describe('IdempotencyKeys.answer and release', () => {
  it('stores each answer as a JSON string, a missing body as null', async () => {
    const { idem, query } = keys();
    await idem.answer([
      { claim: claim('a', 'k1'), body: { id: 'p1', amount: 5 } },
      { claim: claim('b', 'k2'), body: null },
      { claim: claim('c', 'k3'), body: undefined },
    ]);
    expect(query).toHaveBeenCalledTimes(1);
    const [sql, params] = query.mock.calls[0];
    expect(sql).toContain('UPDATE "pledges".idempotency_keys k SET response = u.response::jsonb');
    expect(params).toEqual([
      ['a', 'b', 'c'],
      ['k1', 'k2', 'k3'],
      ['{"id":"p1","amount":5}', 'null', 'null'],
    ]);
  });

  it('releases the keys in one DELETE', async () => {
    const { idem, query } = keys();
    await idem.release([claim('a', 'k1'), claim('b', 'k2')]);
    expect(query).toHaveBeenCalledTimes(1);
    const [sql, params] = query.mock.calls[0];
    expect(sql).toContain('DELETE FROM "pledges".idempotency_keys k');
    expect(params).toEqual([
      ['a', 'b'],
      ['k1', 'k2'],
    ]);
  });

  it('runs no statement for no answers and no releases', async () => {
    const { idem, query } = keys();
    await idem.answer([]);
    await idem.release([]);
    expect(query).not.toHaveBeenCalled();
  });
});
