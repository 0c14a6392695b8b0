import { columnList, entityColumns } from './entity-columns.spec-fixture';
import { insertPledges, PLEDGE_COLUMNS, toPledge } from './pledge-rows';
import { PledgeEntity } from './pledge.entity';

const at = new Date('2026-12-04T10:00:00Z');
const row = {
  id: 'p1',
  campaign_id: 'c1',
  donor_id: 'd1',
  amount_minor: '2500',
  currency: 'EUR',
  refunded_amount: '300',
  status: 'confirmed',
  anonymous: false,
  display_name: 'Anna',
  message: null,
  payment_provider: 'sandbox',
  payment_ref: 'sandbox_pi_p1',
  failure_reason: null,
  created_at: at,
  confirmed_at: '2026-12-04T10:01:00Z',
  announced_at: null,
  refunded_at: null,
  refund_reason: null,
};

describe('pledge rows (the hot path in plain SQL)', () => {
  it('maps a row to the entity: bigint cents as numbers, timestamps as dates', () => {
    const p = toPledge(row);
    expect(p).toBeInstanceOf(PledgeEntity);
    expect(p).toMatchObject({ id: 'p1', campaignId: 'c1', donorId: 'd1', amount: 2500, refundedAmount: 300, currency: 'EUR', paymentRef: 'sandbox_pi_p1' });
    expect(p.confirmedAt).toEqual(new Date('2026-12-04T10:01:00Z'));
    expect(p.announcedAt).toBeNull();
  });

  it('refuses an amount that is not whole cents instead of rounding it', () => {
    expect(() => toPledge({ ...row, amount_minor: '25.5' })).toThrow('amount_minor');
  });

  it("lists exactly the entity's columns, in its order", () => {
    expect(columnList(PLEDGE_COLUMNS)).toEqual(entityColumns(PledgeEntity));
  });

  it('inserts every column of the entity, one placeholder per parameter', () => {
    const { refundedAmount: _, ...pledge } = toPledge(row);
    const [sql, params] = insertPledges([pledge]);
    const columns = columnList(PLEDGE_COLUMNS);
    expect(sql.match(/\$\d+/g)).toHaveLength(params.length);
    expect(params).toHaveLength(columns.length - 1); // refunded_amount is the literal 0
    expect(params[0]).toBe('p1');
    expect(params.at(-1)).toBeNull();
  });

  it('inserts a group in one statement: one row of placeholders per pledge, numbered on', () => {
    const { refundedAmount: _, ...pledge } = toPledge(row);
    const [sql, params] = insertPledges([pledge, { ...pledge, id: 'p2' }, { ...pledge, id: 'p3' }]);
    const placeholders = (sql.match(/\$\d+/g) ?? []).map((p) => Number(p.slice(1)));
    expect(placeholders).toEqual(params.map((_, i) => i + 1));
    expect(sql.match(/\), \(/g)).toHaveLength(2);
    expect(params[17]).toBe('p2');
    expect(params[34]).toBe('p3');
  });
});
