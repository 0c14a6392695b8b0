import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, campaignTitles, Pledge } from '../api';
import { DataTable, ErrorNote, Loading, StatusBadge, useDate, useLoad, useMoney } from '../components';
import { RequireRole } from './LoginPage';

export function MyPledgesPage() {
  return (
    <RequireRole roles={['citizen']}>
      <MyPledges />
    </RequireRole>
  );
}

function MyPledges() {
  const { t } = useTranslation();
  const money = useMoney();
  const date = useDate();
  const pledges = useLoad(async () => {
    const list = await api<Pledge[]>('/me/pledges');
    const titles = await campaignTitles(list.map((p) => p.campaignId));
    return list.map((p) => ({ ...p, title: titles[p.campaignId] ?? p.campaignId }));
  }, []);
  const [receipt, setReceipt] = useState<{ id: string; html: string } | null>(null);
  const [error, setError] = useState<unknown>(null);

  const toggleReceipt = async (id: string) => {
    if (receipt?.id === id) return setReceipt(null);
    setError(null);
    try {
      setReceipt({ id, html: await api<string>(`/pledges/${id}/receipt`, { headers: { Accept: 'text/html' } }) });
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section>
      <h1>{t('mine.title')}</h1>
      <ErrorNote error={pledges.error ?? error} />
      {pledges.loading && !pledges.data && <Loading />}
      {pledges.data && pledges.data.length === 0 && <p>{t('mine.empty')}</p>}
      {pledges.data && pledges.data.length > 0 && (
        <DataTable headers={[t('mine.campaign'), t('mine.amount'), t('mine.status'), t('mine.date'), t('mine.receipt')]}>
          {pledges.data.map((p) => (
            <tr key={p.id}>
              <td>
                <Link to={`/campaigns/${p.campaignId}`}>{p.title}</Link>
              </td>
              <td>{money(p.amount, p.currency)}</td>
              <td>
                <StatusBadge status={p.status} />
              </td>
              <td>{date(p.createdAt)}</td>
              <td>
                {(p.status === 'confirmed' || p.status === 'refunded') && (
                  <button type="button" aria-expanded={receipt?.id === p.id} onClick={() => void toggleReceipt(p.id)}>
                    {receipt?.id === p.id ? t('mine.hideReceipt') : t('mine.showReceipt')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {receipt && (
        // The receipt is the server's HTML, shown in a sandboxed frame (no scripts, own origin).
        <iframe className="receipt" title={t('mine.receiptOf', { id: receipt.id })} sandbox="" srcDoc={receipt.html} />
      )}
    </section>
  );
}
