import { useTranslation } from 'react-i18next';
import { api, Call, Fund } from '../../api';
import { ErrorNote, Loading, useLoad } from '../../components';
import { useSession } from '../../session';
import { RequireRole } from '../LoginPage';
import { CallReview } from './CallReview';
import { FundPanel } from './FundPanel';
import { NewCall } from './NewCall';
import { NewFund } from './NewFund';

export function FunderPage() {
  return (
    <RequireRole roles={['funder', 'admin']}>
      <FunderDesk />
    </RequireRole>
  );
}

function FunderDesk() {
  const { t } = useTranslation();
  const { user, has } = useSession();
  const calls = useLoad(() => api<Call[]>('/calls'), []);
  const funds = useLoad(() => (has('funder') ? api<Fund[]>('/me/funds') : Promise.resolve([] as Fund[])), []);
  const mine = (calls.data ?? []).filter((c) => has('admin') || c.ownerId === user?.sub);
  return (
    <section>
      <h1>{t('funder.title')}</h1>
      <p>
        <a className="button" href="/transparency/export?format=csv" download="public-money.csv">
          {t('funder.export')}
        </a>{' '}
        <a href="/transparency/export?format=json">{t('funder.exportJson')}</a>
      </p>
      <h2>{t('funder.calls')}</h2>
      <ErrorNote error={calls.error} />
      {calls.loading && !calls.data && <Loading />}
      {calls.data && mine.length === 0 && <p>{t('funder.noCalls')}</p>}
      {mine.map((c) => (
        <CallReview key={c.id} call={c} />
      ))}
      {has('funder') && <NewCall onCreated={calls.reload} />}
      {has('funder') && (
        <>
          <h2>{t('funder.funds')}</h2>
          <ErrorNote error={funds.error} />
          {funds.data?.length === 0 && <p>{t('funder.noFunds')}</p>}
          {funds.data?.map((f) => (
            <FundPanel key={f.id} fund={f} calls={mine} onChanged={funds.reload} />
          ))}
          <NewFund onCreated={funds.reload} />
        </>
      )}
    </section>
  );
}
