import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, Call, Campaign, post, Tranche } from '../../api';
import { ErrorNote, Field, StatusBadge, useDate, useLoad, useMoney } from '../../components';
import { TrancheTable } from '../CampaignPage';

export function CallReview({ call }: { call: Call }) {
  const { t } = useTranslation();
  const money = useMoney();
  const date = useDate();
  const campaigns = useLoad(() => api<Campaign[]>(`/calls/${call.id}/campaigns`), [call.id]);
  const [error, setError] = useState<unknown>(null);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const act = async (path: string, body?: unknown) => {
    setError(null);
    try {
      await post(path, body);
      campaigns.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="card" aria-label={call.title}>
      <h3>{call.title}</h3>
      <p className="meta">
        {date(call.opensAt)} – {date(call.closesAt)} · {call.eligibleAreas.join(', ')} · {call.categories.join(', ')}
      </p>
      <h4>{t('funder.review')}</h4>
      <ErrorNote error={campaigns.error ?? error} />
      {campaigns.data?.length === 0 && <p className="muted">{t('funder.noCampaigns')}</p>}
      <ul className="review">
        {campaigns.data?.map((c) => (
          <li key={c.id} data-campaign={c.id}>
            <p>
              <strong>{c.title}</strong> <StatusBadge status={c.status} /> {c.area} · {money(c.goalAmount, c.currency)}{' '}
              {!['submitted', 'rejected'].includes(c.status) && <Link to={`/campaigns/${c.id}`}>{t('promoter.open')}</Link>}
            </p>
            {c.status === 'submitted' && (
              <p>
                <button type="button" className="primary" onClick={() => void act(`/campaigns/${c.id}/approve`)}>
                  {t('funder.approve')} — {c.title}
                </button>{' '}
              </p>
            )}
            {c.status === 'submitted' && (
              <p>
                <label>
                  {t('funder.rejectReason', { title: c.title })}
                  <textarea maxLength={1000} value={reasons[c.id] ?? ''} onChange={(e) => setReasons({ ...reasons, [c.id]: e.target.value })} />
                </label>{' '}
                <button
                  type="button"
                  disabled={!(reasons[c.id] ?? '').trim()}
                  onClick={() => void act(`/campaigns/${c.id}/reject`, { reason: (reasons[c.id] ?? '').trim() })}
                >
                  {t('funder.reject')} — {c.title}
                </button>
              </p>
            )}
            {['succeeded', 'in_delivery', 'completed'].includes(c.status) && <CampaignTranches campaign={c} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function CampaignTranches({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const tranches = useLoad(() => api<Tranche[]>(`/campaigns/${campaign.id}/tranches`), [campaign.id]);
  const [error, setError] = useState<unknown>(null);
  const [reference, setReference] = useState('');
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err);
    }
    tranches.reload();
  };
  return (
    <div className="tranches">
      <h5>{t('funder.tranches')}</h5>
      <ErrorNote error={tranches.error ?? error} />
      {tranches.data && (
        <TrancheTable
          tranches={tranches.data}
          currency={campaign.currency}
          actions={(tr) => (
            <>
              {tr.status === 'eligible' && (
                <button type="button" className="primary" onClick={() => void act(() => post(`/tranches/${tr.id}/release`))}>
                  {t('funder.release')}
                </button>
              )}
              {tr.status === 'released' && tr.payout?.method === 'external' && (
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    void act(() => post(`/tranches/${tr.id}/confirm-payment`, { bankReference: reference }));
                  }}
                >
                  <Field label={t('funder.bankReference')}>
                    {(p) => <input {...p} required value={reference} onChange={(e) => setReference(e.target.value)} />}
                  </Field>
                  <button type="submit">{t('funder.confirmPayment')}</button>
                </form>
              )}
            </>
          )}
        />
      )}
    </div>
  );
}
