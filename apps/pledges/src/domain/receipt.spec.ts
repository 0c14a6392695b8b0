import { formatMoney, renderReceipt } from './receipt';

describe('receipt', () => {
  it('formats cents without floats', () => {
    expect(formatMoney(123456, 'EUR')).toBe('1.234,56 EUR');
    expect(formatMoney(5, 'EUR')).toBe('0,05 EUR');
    expect(formatMoney(100000000, 'EUR')).toBe('1.000.000,00 EUR');
  });

  it('escapes every value', () => {
    const html = renderReceipt({
      pledgeId: 'p1',
      amount: 2500,
      currency: 'EUR',
      confirmedAt: new Date('2027-01-02T10:00:00Z'),
      status: 'confirmed',
      refundedAt: null,
      donorName: 'Anna',
      campaignTitle: '<script>alert(1)</script>',
      campaignId: 'c1',
      promoterName: 'APS "Insieme"',
    });
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('25,00 EUR');
    expect(html).toContain('APS &quot;Insieme&quot;');
  });
});

describe('receipt content', () => {
  const facts = {
    pledgeId: 'p1',
    amount: 2500,
    currency: 'EUR',
    confirmedAt: new Date('2027-01-02T10:00:00Z'),
    status: 'confirmed',
    refundedAt: null,
    donorName: "Anna & Ugo O'Neil",
    campaignTitle: 'Orti',
    campaignId: 'c1',
    promoterName: 'APS',
  };

  it('prints every fact in its labelled row, in order, dates as days', () => {
    const html = renderReceipt(facts);
    expect(html).toContain(
      '<table><tr><th scope="row">Receipt / Ricevuta</th><td>p1</td></tr><tr><th scope="row">Date / Data</th><td>2027-01-02</td></tr>' +
        '<tr><th scope="row">Amount / Importo</th><td>25,00 EUR</td></tr><tr><th scope="row">Donor / Donatore</th><td>Anna &amp; Ugo O&#39;Neil</td></tr>' +
        '<tr><th scope="row">Campaign / Campagna</th><td>Orti</td></tr><tr><th scope="row">Promoter / Promotore</th><td>APS</td></tr>' +
        '<tr><th scope="row">Status / Stato</th><td>confirmed / confermata</td></tr></table>',
    );
    expect(html).toContain('<title>Ricevuta p1</title>');
    expect(html).toContain('Campaign c1.');
  });

  it('shows the refund date once refunded', () => {
    const html = renderReceipt({ ...facts, refundedAt: new Date('2027-03-04T23:00:00Z') });
    expect(html).toContain('<th scope="row">Status / Stato</th><td>refunded on 2027-03-04 / rimborsata</td>');
  });

  it('formats small and round amounts', () => {
    expect(formatMoney(0, 'EUR')).toBe('0,00 EUR');
    expect(formatMoney(100, 'CHF')).toBe('1,00 CHF');
    expect(formatMoney(99_999, 'EUR')).toBe('999,99 EUR');
  });
});
