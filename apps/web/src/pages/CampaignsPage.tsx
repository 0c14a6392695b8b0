import { FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, Call, Campaign, CampaignSummary } from '../api';
import { ErrorNote, Field, Loading, ProgressBar, StatusBadge, useLoad, useMoney } from '../components';
import { useCampaignList } from './campaign-list';

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
  };
  const [q, setQ] = useState(filter.q);
  const calls = useLoad(() => api<Call[]>('/calls'), []);
  const query = new URLSearchParams({ pageSize: String(PAGE_SIZE), sort: filter.sort });
  for (const k of ['area', 'category', 'q', 'status'] as const) if (filter[k]) query.set(k, filter[k]);
  // by cursor: "load more" appends the next page; a change of filter or sort starts again from the first
  const list = useCampaignList(query.toString());
  // after "load more", focus moves to the first card it added (keyboard and screen-reader users go on from there)
  const grid = useRef<HTMLUListElement>(null);
  const focusFrom = useRef<number | null>(null);
  useEffect(() => {
    const from = focusFrom.current;
    if (from === null || list.items.length <= from) return;
    focusFrom.current = null;
    grid.current?.querySelectorAll('li')[from]?.querySelector('a')?.focus();
  }, [list.items.length]);
  const loadMore = () => {
    focusFrom.current = list.items.length;
    list.loadMore();
  };

  const options = useMemo(() => {
    const areas = new Set<string>();
    const categories = new Set<string>();
    for (const c of calls.data ?? []) {
      c.eligibleAreas.forEach((a) => areas.add(a));
      c.categories.forEach((x) => categories.add(x));
    }
    for (const c of list.items) {
      areas.add(c.area);
      categories.add(c.category);
    }
    return { areas: [...areas].sort(), categories: [...categories].sort() };
  }, [calls.data, list.items]);

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
    next.delete('page'); // from links of when the list paged by number
    latest.current = next;
    focusFrom.current = null;
    setParams(next);
  };
  const search = (e: FormEvent) => {
    e.preventDefault();
    set({ q: q.trim() });
  };
  // the first page is always counted (includeTotal=true); the pages after it are not
  const total = list.total ?? list.items.length;

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
      {list.loading && !list.loaded && <Loading />}
      {list.loaded && (
        <>
          <p role="status" className="muted" data-testid="result-count">
            {t('list.results', { count: total })}
            {list.items.length < total && <> · {t('list.shown', { count: list.items.length })}</>}
          </p>
          {list.items.length === 0 ? (
            <p>{t('list.empty')}</p>
          ) : (
            <ul className="grid" ref={grid} aria-busy={list.loading}>
              {list.items.map((c) => (
                <CampaignCard key={c.id} campaign={c} />
              ))}
            </ul>
          )}
          {list.nextCursor && (
            <p className="pager">
              <button type="button" data-testid="load-more" onClick={loadMore} aria-disabled={list.loading} aria-busy={list.loading}>
                {list.loading ? t('common.loading') : t('list.more')}
              </button>
            </p>
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
