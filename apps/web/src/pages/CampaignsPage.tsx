import { FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, Call, Campaign, CampaignPage as Page, CampaignSummary } from '../api';
import { ErrorNote, Field, Loading, ProgressBar, StatusBadge, useLoad, useMoney } from '../components';

const SORTS = ['newest', 'ending_soon', 'most_backed'] as const;
const PAGE_SIZE = 12;

export function daysLeft(c: Pick<Campaign, 'endsAt'>): number {
  return Math.max(0, Math.ceil((new Date(c.endsAt).getTime() - Date.now()) / 86_400_000));
}

export function CampaignsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filter = {
    area: params.get('area') ?? '',
    category: params.get('category') ?? '',
    q: params.get('q') ?? '',
    sort: params.get('sort') ?? 'newest',
    status: params.get('status') ?? 'live',
    page: Number(params.get('page') ?? '1') || 1,
  };
  const [q, setQ] = useState(filter.q);
  const calls = useLoad(() => api<Call[]>('/calls'), []);
  const query = new URLSearchParams({ pageSize: String(PAGE_SIZE), page: String(filter.page), sort: filter.sort });
  for (const k of ['area', 'category', 'q', 'status'] as const) if (filter[k]) query.set(k, filter[k]);
  const list = useLoad(() => api<Page>(`/campaigns?${query.toString()}`), [query.toString()]);

  const options = useMemo(() => {
    const areas = new Set<string>();
    const categories = new Set<string>();
    for (const c of calls.data ?? []) {
      c.eligibleAreas.forEach((a) => areas.add(a));
      c.categories.forEach((x) => categories.add(x));
    }
    for (const c of list.data?.items ?? []) {
      areas.add(c.area);
      categories.add(c.category);
    }
    return { areas: [...areas].sort(), categories: [...categories].sort() };
  }, [calls.data, list.data]);

  // from the latest parameters, not this render's: two quick changes must both stick
  const latest = useRef(params);
  useEffect(() => {
    latest.current = params;
  }, [params]);
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(latest.current);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    latest.current = next;
    setParams(next);
  };
  const search = (e: FormEvent) => {
    e.preventDefault();
    set({ q: q.trim() });
  };
  // page paging always counts (total is null only for cursor pages or includeTotal=false, which this page never asks)
  const total = list.data ? (list.data.total ?? list.data.items.length) : 0;
  const pages = list.data ? Math.max(1, Math.ceil(total / PAGE_SIZE)) : 1;

  return (
    <section>
      <h1>{t('list.title')}</h1>
      <form className="filters card" role="search" aria-label={t('list.filters')} onSubmit={search}>
        <Field label={t('list.area')}>
          {(p) => (
            <select {...p} name="area" value={filter.area} onChange={(e) => set({ area: e.target.value })}>
              <option value="">{t('list.any')}</option>
              {options.areas.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('list.category')}>
          {(p) => (
            <select {...p} name="category" value={filter.category} onChange={(e) => set({ category: e.target.value })}>
              <option value="">{t('list.any')}</option>
              {options.categories.map((c) => (
                <option key={c} value={c}>
                  {c.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('list.status')}>
          {(p) => (
            <select {...p} name="status" value={filter.status} onChange={(e) => set({ status: e.target.value })}>
              <option value="live">{t('status.live')}</option>
              <option value="scheduled">{t('status.scheduled')}</option>
              <option value="in_delivery">{t('status.in_delivery')}</option>
              <option value="completed">{t('status.completed')}</option>
              <option value="">{t('list.publicStatuses')}</option>
            </select>
          )}
        </Field>
        <Field label={t('list.sort')}>
          {(p) => (
            <select {...p} name="sort" value={filter.sort} onChange={(e) => set({ sort: e.target.value })}>
              {SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`list.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('list.q')}>
          {(p) => <input {...p} type="search" name="q" placeholder={t('list.qPlaceholder')} value={q} onChange={(e) => setQ(e.target.value)} />}
        </Field>
        <button type="submit" className="primary">
          {t('list.apply')}
        </button>
      </form>
      <ErrorNote error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <>
          <p role="status" className="muted" data-testid="result-count">
            {t('list.results', { count: total })}
          </p>
          {list.data.items.length === 0 ? (
            <p>{t('list.empty')}</p>
          ) : (
            <ul className="grid" aria-busy={list.loading}>
              {list.data.items.map((c) => (
                <CampaignCard key={c.id} campaign={c} />
              ))}
            </ul>
          )}
          {pages > 1 && (
            <nav className="pager" aria-label={t('list.page', { page: filter.page, pages })}>
              <button type="button" disabled={filter.page <= 1} onClick={() => set({ page: String(filter.page - 1) })}>
                {t('list.prev')}
              </button>
              <span>{t('list.page', { page: filter.page, pages })}</span>
              <button type="button" disabled={filter.page >= pages} onClick={() => set({ page: String(filter.page + 1) })}>
                {t('list.next')}
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}

function CampaignCard({ campaign: c }: { campaign: CampaignSummary }) {
  const { t } = useTranslation();
  const money = useMoney();
  return (
    <li className="card campaign-card">
      <h2>
        <Link to={`/campaigns/${c.id}`}>{c.title}</Link>
      </h2>
      <p className="meta">
        <StatusBadge status={c.status} /> {c.area} · {c.category.replace(/_/g, ' ')}
      </p>
      <p>{c.summary}</p>
      <ProgressBar pledged={c.progress.pledgedAmount} matched={c.progress.matchedAmount} goal={c.goalAmount} currency={c.currency} />
      <p className="meta">
        {t('campaign.percent', { percent: c.progress.percent })} · {t('campaign.goal')} {money(c.goalAmount, c.currency)} ·{' '}
        {t('campaign.backers', { count: c.progress.backers })}
        {c.status === 'live' && <> · {t('campaign.daysLeft', { count: daysLeft(c) })}</>}
      </p>
    </li>
  );
}
