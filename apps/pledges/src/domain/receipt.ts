/** Facts printed on a donation receipt. */
export interface ReceiptFacts {
  pledgeId: string;
  amount: number;
  currency: string;
  confirmedAt: Date;
  status: string;
  refundedAt: Date | null;
  donorName: string;
  campaignTitle: string;
  campaignId: string;
  promoterName: string;
}

/** Integer cents to a display string, e.g. 123456 EUR → "1.234,56 EUR" (Italian grouping). No floats. */
export function formatMoney(cents: number, currency: string): string {
  const units = Math.floor(cents / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${units},${String(cents % 100).padStart(2, '0')} ${currency}`;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A self-contained, printable HTML receipt (every value escaped). */
export function renderReceipt(r: ReceiptFacts): string {
  const rows: [string, string][] = [
    ['Receipt / Ricevuta', r.pledgeId],
    ['Date / Data', r.confirmedAt.toISOString().slice(0, 10)],
    ['Amount / Importo', formatMoney(r.amount, r.currency)],
    ['Donor / Donatore', r.donorName],
    ['Campaign / Campagna', r.campaignTitle],
    ['Promoter / Promotore', r.promoterName],
    ['Status / Stato', r.refundedAt ? `refunded on ${r.refundedAt.toISOString().slice(0, 10)} / rimborsata` : 'confirmed / confermata'],
  ];
  return `<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>Ricevuta ${escape(r.pledgeId)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;color:#1a1a1a}th{text-align:left;padding-right:1rem;color:#555}td,th{padding:.3rem 0}</style></head>
<body><h1>Donation receipt / Ricevuta di donazione</h1>
<table>${rows.map(([k, v]) => `<tr><th scope="row">${escape(k)}</th><td>${escape(v)}</td></tr>`).join('')}</table>
<p>Campaign ${escape(r.campaignId)}. Funds reach the promoter in tranches as verified results are met.</p>
</body></html>`;
}
