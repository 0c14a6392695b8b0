import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, campaignTitles, Fund, PublicMoneyRow } from '../api';
import { DataTable, ErrorNote, Loading, useDate, useLoad, useMoney } from '../components';

const BUCKETS = ['spent', 'committed', 'reserved', 'returned', 'available'] as const;

/** One fund's budget as a stacked horizontal bar: where each euro is now. */
export function PoolBar({ fund }: { fund: Fund }) {
  const { t } = useTranslation();
  const money = useMoney();
  const total = Math.max(fund.budgetAmount, 1);
  let x = 0;
  const label = BUCKETS.map((b) => `${t(`funder.${b}`)} ${money(fund[b], fund.currency)}`).join(', ');
  return (
    <svg className="pool-bar" viewBox="0 0 1000 24" preserveAspectRatio="none" role="img" aria-label={`${fund.name}: ${label}`}>
      {BUCKETS.map((b) => {
        const w = (fund[b] * 1000) / total; // display geometry only
        const rect = <rect key={b} className={`bucket-${b}`} x={x} y={0} width={w} height={24} />;
        x += w;
        return rect;
      })}
    </svg>
  );
}

export function TransparencyPage() {
  const { t } = useTranslation();
  const money = useMoney();
  const date = useDate();
  const funds = useLoad(() => api<Fund[]>('/funds'), []);
  const rows = useLoad(() => api<PublicMoneyRow[]>('/transparency/export?format=json'), []);
  // the campaigns' titles, for the movements table (one request per campaign that received public money)
  const titles = useLoad(async () => {
    return campaignTitles((rows.data ?? []).map((r) => r.campaignId).filter((id): id is string => Boolean(id)));
  }, [rows.data]);
  const names = useMemo(() => Object.fromEntries((funds.data ?? []).map((f) => [f.id, f.name])), [funds.data]);

  return (
    <section>
      <h1>{t('transparency.title')}</h1>
      <p>{t('transparency.intro')}</p>
      <p>
        <a className="button" href="/transparency/export?format=csv" download="public-money.csv">
          {t('transparency.download')}
        </a>{' '}
        <a href="/transparency/export?format=json">{t('transparency.downloadJson')}</a>
      </p>
      <ErrorNote error={funds.error ?? rows.error} />
      {funds.loading && !funds.data && <Loading />}
      {funds.data?.length === 0 && <p>{t('transparency.noFunds')}</p>}
      {funds.data && funds.data.length > 0 && (
        <figure className="card chart">
          <figcaption>
            <h2>{t('transparency.chart')}</h2>
            <ul className="chart-legend" aria-label={t('transparency.legend')}>
              {BUCKETS.map((b) => (
                <li key={b}>
                  <svg width="14" height="14" aria-hidden="true">
                    <rect className={`bucket-${b}`} width="14" height="14" />
                  </svg>{' '}
                  {t(`funder.${b}`)}
                </li>
              ))}
            </ul>
          </figcaption>
          {funds.data.map((f) => (
            <div key={f.id} className="chart-row" data-fund={f.id}>
              <h3>
                {f.name}{' '}
                <span className="muted">
                  · {f.sourceShares ? f.sourceShares.map((s) => `${s.source} ${s.shareBps / 100} %`).join(', ') : f.sourceTags.join(', ')} ·{' '}
                  {t('funder.budgetTotal')} {money(f.budgetAmount, f.currency)}
                </span>
              </h3>
              <PoolBar fund={f} />
              <dl className="pool">
                {BUCKETS.map((b) => (
                  <div key={b}>
                    <dt>{t(`funder.${b}`)}</dt>
                    <dd>{money(f[b], f.currency)}</dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
        </figure>
      )}
      <h2>{t('transparency.movements')}</h2>
      {rows.data?.length === 0 && <p>{t('transparency.noMovements')}</p>}
      {rows.data && rows.data.length > 0 && (
        <DataTable
          headers={[
            t('transparency.date'),
            t('transparency.fund'),
            t('transparency.campaign'),
            t('transparency.movement'),
            t('transparency.amount'),
            t('transparency.status'),
          ]}
        >
          {rows.data.map((r, i) => (
            <tr key={i}>
              <td>{date(r.date)}</td>
              <td>{names[r.fundId] ?? r.fundId}</td>
              <td>{r.campaignId ? <Link to={`/campaigns/${r.campaignId}`}>{titles.data?.[r.campaignId] ?? r.campaignId.slice(0, 8)}</Link> : '—'}</td>
              <td>{t(`transparency.${r.movement}`, { defaultValue: r.movement })}</td>
              <td className="num">{money(r.amount, r.currency)}</td>
              <td>{t(`status.${r.status}`, { defaultValue: r.status })}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
