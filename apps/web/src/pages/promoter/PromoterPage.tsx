import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, Campaign, PayoutAccountResult, post } from '../../api';
import { ErrorNote, Field, Loading, Notice, ProgressBar, StatusBadge, useLoad, useMoney } from '../../components';
import { RequireRole } from '../LoginPage';

export function PromoterPage() {
  return (
    <RequireRole roles={['promoter']}>
      <MyCampaigns />
    </RequireRole>
  );
}

function MyCampaigns() {
  const { t } = useTranslation();
  const money = useMoney();
  const mine = useLoad(() => api<Campaign[]>('/me/campaigns'), []);
  return (
    <section>
      <h1>{t('promoter.title')}</h1>
      <p>
        <Link className="button primary" to="/promoter/new">
          {t('promoter.new')}
        </Link>
      </p>
      <ErrorNote error={mine.error} />
      {mine.loading && !mine.data && <Loading />}
      {mine.data?.length === 0 && <p>{t('promoter.empty')}</p>}
      <ul className="grid">
        {mine.data?.map((c) => (
          <li key={c.id} className="card">
            <h2>
              <Link to={`/promoter/campaigns/${c.id}`}>{c.title}</Link>
            </h2>
            <p className="meta">
              <StatusBadge status={c.status} /> {c.area} · {money(c.goalAmount, c.currency)}
            </p>
            <ProgressBar pledged={c.progress.pledgedAmount} matched={c.progress.matchedAmount} goal={c.goalAmount} currency={c.currency} />
          </li>
        ))}
      </ul>
      <PayoutAccount />
    </section>
  );
}

function PayoutAccount() {
  const { t } = useTranslation();
  const [iban, setIban] = useState('');
  const [holder, setHolder] = useState('');
  const [done, setDone] = useState<PayoutAccountResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const save = async (body: Record<string, string>) => {
    setError(null);
    setDone(null);
    try {
      setDone(await post<PayoutAccountResult>('/promoters/me/payout-account', body));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="card" aria-labelledby="payout-h">
      <h2 id="payout-h">{t('promoter.payoutAccount')}</h2>
      <p>
        <button type="button" onClick={() => void save({ method: 'stripe_connect' })}>
          {t('promoter.stripeConnect')}
        </button>
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save({ method: 'external', iban, accountHolder: holder });
        }}
      >
        <h3>{t('promoter.ibanTitle')}</h3>
        <Field label={t('promoter.iban')}>{(p) => <input {...p} name="iban" required value={iban} onChange={(e) => setIban(e.target.value)} />}</Field>
        <Field label={t('promoter.holder')}>
          {(p) => <input {...p} name="accountHolder" required value={holder} onChange={(e) => setHolder(e.target.value)} />}
        </Field>
        <button type="submit">{t('promoter.saveIban')}</button>
      </form>
      <ErrorNote error={error} />
      {done && (
        <Notice>
          {t('promoter.accountSaved')}{' '}
          {done.onboardingUrl && /^https?:\/\//.test(done.onboardingUrl) && (
            <a href={done.onboardingUrl} rel="noreferrer noopener" target="_blank">
              {t('promoter.onboarding')}
            </a>
          )}
        </Notice>
      )}
    </section>
  );
}
