import { formatMoney, renderReceipt } from './receipt';

describe('receipt', () => {
  it('formats cents without floats', () => {
    expect(formatMoney(123456, 'EUR')).toBe('1.234,56 EUR');
    expect(formatMoney(5, 'EUR')).toBe('0,05 EUR');
    expect(formatMoney(100000000, 'EUR')).toBe('1.000.000,00 EUR');
  });

  it('escapes every value', () => {
    const html = renderReceipt({
      pledgeId: 'p1', amount: 2500, currency: 'EUR', confirmedAt: new Date('2027-01-02T10:00:00Z'), status: 'confirmed', refundedAt: null,
      donorName: 'Anna', campaignTitle: '<script>alert(1)</script>', campaignId: 'c1', promoterName: 'APS "Insieme"',
    });
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('25,00 EUR');
    expect(html).toContain('APS &quot;Insieme&quot;');
  });
});
