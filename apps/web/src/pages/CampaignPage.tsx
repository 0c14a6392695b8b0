import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, BackersPage, Campaign, Milestone, Tranche, Update } from '../api';
import { DataTable, ErrorNote, Loading, ProgressBar, StatusBadge, useDate, useLoad, useMoney } from '../components';
import { daysLeft } from './CampaignsPage';
import { PledgeForm } from './PledgeForm';

export function CampaignPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const money = useMoney();
  const date = useDate();
  const campaign = useLoad(() => api<Campaign>(`/campaigns/${id}`), [id]);
  const updates = useLoad(() => api<Update[]>(`/campaigns/${id}/updates`), [id]);
  const backers = useLoad(() => api<BackersPage>(`/campaigns/${id}/pledges?limit=50`).catch(() => ({ campaignId: id, total: 0, items: [] })), [id]);
  const c = campaign.data;
  const delivering = c && ['succeeded', 'in_delivery', 'completed'].includes(c.status);
  const tranches = useLoad(() => (delivering ? api<Tranche[]>(`/campaigns/${id}/tranches`) : Promise.resolve([] as Tranche[])), [id, delivering]);

  // After a confirmed pledge the progress follows asynchronously (events): refresh until it moves.
  const [watching, setWatching] = useState<number | null>(null);
  const tries = useRef(0);
  useEffect(() => {
    if (watching === null || !c) return;
    if (c.progress.pledgedAmount !== watching || tries.current > 60) {
      setWatching(null);
      backers.reload();
      return;
    }
    const timer = window.setTimeout(() => {
      tries.current += 1;
      campaign.reload();
    }, 1000);
    return () => window.clearTimeout(timer);
  }, [watching, c, campaign.reload, backers.reload]);

  if (campaign.error) {
    const notFound = campaign.error instanceof ApiError && campaign.error.status === 404;
    return notFound ? <p role="alert">{t('campaign.notFound')}</p> : <ErrorNote error={campaign.error} />;
  }
  if (!c) return <Loading />;

  return (
    <article className="campaign">
      <p>
        <Link to="/">← {t('campaign.back')}</Link>
      </p>
      <h1>{c.title}</h1>
      <p className="meta">
        <StatusBadge status={c.status} /> {t('campaign.area')}: {c.area} · {t('campaign.category')}: {c.category.replace(/_/g, ' ')}
        {c.promoterName && <> · {t('campaign.promoter', { name: c.promoterName })}</>}
      </p>
      <p className="lead">{c.summary}</p>
      <div className="columns">
        <div className="main-col">
          <section aria-labelledby="progress-h" className="card">
            <h2 id="progress-h" className="visually-hidden">
              {t('campaign.goal')}
            </h2>
            <ProgressBar pledged={c.progress.pledgedAmount} matched={c.progress.matchedAmount} goal={c.goalAmount} currency={c.currency} />
            <p className="big">
              {t('campaign.raised', { amount: money(c.progress.pledgedAmount + c.progress.matchedAmount, c.currency), goal: money(c.goalAmount, c.currency) })}
            </p>
            <p className="meta">
              <span data-testid="backers">{t('campaign.backers', { count: c.progress.backers })}</span> ·{' '}
              {t('campaign.percent', { percent: c.progress.percent })} ·{' '}
              {c.status === 'live'
                ? t('campaign.daysLeft', { count: daysLeft(c) })
                : c.status === 'scheduled'
                  ? t('campaign.startsOn', { date: date(c.startsAt) })
                  : t('campaign.ended')}{' '}
              · {t('campaign.fundingModel')}: {t(`campaign.${c.fundingModel}`)}
            </p>
          </section>
          <section aria-labelledby="story-h">
            <h2 id="story-h">{t('campaign.story')}</h2>
            {c.description.split(/\n{2,}/).map((para, i) => (
              <p key={i} className="story">
                {para}
              </p>
            ))}
          </section>
          <section aria-labelledby="ms-h">
            <h2 id="ms-h">{t('campaign.milestones')}</h2>
            <p className="muted">{t('campaign.upfront', { pct: c.upfrontSharePct })}</p>
            <ol className="milestones">
              {c.milestones.map((m) => (
                <MilestoneCard key={m.id} m={m}>
                  {m.verifiedValue !== null && <p className="muted">{t('campaign.verifiedValue', { value: m.verifiedValue })}</p>}
                </MilestoneCard>
              ))}
            </ol>
          </section>
          {delivering && (tranches.data?.length ?? 0) > 0 && (
            <section aria-labelledby="tr-h">
              <h2 id="tr-h">{t('campaign.tranches')}</h2>
              <TrancheTable tranches={tranches.data!} currency={c.currency} />
            </section>
          )}
          <section aria-labelledby="up-h">
            <h2 id="up-h">{t('campaign.updates')}</h2>
            {updates.data?.length ? (
              <ul className="updates">
                {updates.data.map((u) => (
                  <li key={u.id} className="card">
                    <h3>{u.title}</h3>
                    <p className="muted">{date(u.createdAt)}</p>
                    <p className="story">{u.body}</p>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('campaign.noUpdates')}</p>
            )}
          </section>
        </div>
        <aside className="side-col">
          <PledgeForm
            campaign={c}
            onConfirmed={() => {
              tries.current = 0;
              setWatching(c.progress.pledgedAmount);
              campaign.reload();
            }}
          />
          <section aria-labelledby="backers-h" className="card">
            <h2 id="backers-h">{t('campaign.backersList')}</h2>
            {backers.data?.items.length ? (
              <ul className="backers" data-testid="backers-list">
                {backers.data.items.map((b, i) => (
                  <li key={i}>
                    <strong>{b.displayName ?? t('campaign.anonymous')}</strong> — {money(b.amount, b.currency)}{' '}
                    <span className="muted">{date(b.confirmedAt)}</span>
                    {b.message && <q>{b.message}</q>}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('campaign.noBackers')}</p>
            )}
          </section>
        </aside>
      </div>
    </article>
  );
}

/** A milestone of the plan as a card: its indicator and target, due date and share of the money; `children` below. */
export function MilestoneCard({ m, children }: { m: Milestone; children?: React.ReactNode }) {
  const { t } = useTranslation();
  const date = useDate();
  return (
    <li className="card">
      <h3>
        {m.title} <StatusBadge status={m.status} />
      </h3>
      <p>
        {m.indicator}: {t('campaign.target', { target: m.target, unit: m.unit, baseline: m.baseline })}, {t('campaign.due', { date: date(m.dueAt) })} ·{' '}
        {t('campaign.share', { pct: m.payoutSharePct })}
      </p>
      {children}
    </li>
  );
}

export function TrancheTable({ tranches, currency, actions }: { tranches: Tranche[]; currency: string; actions?: (t: Tranche) => React.ReactNode }) {
  const { t } = useTranslation();
  const money = useMoney();
  return (
    <DataTable headers={[t('funder.tranche'), t('funder.amount'), t('funder.due'), t('funder.status'), actions && t('funder.actions')]}>
      {tranches.map((tr, i) => (
        <tr key={tr.id} data-tranche={tr.id}>
          <td>{tr.kind === 'upfront' ? t('funder.kind_upfront') : `${t('funder.kind_milestone')} ${i}`}</td>
          <td>{money(tr.amount, currency)}</td>
          <td>{tr.dueAmount === null || tr.dueAmount === undefined ? '—' : money(tr.dueAmount, currency)}</td>
          <td>
            <StatusBadge status={tr.status} />
          </td>
          {actions && <td>{actions(tr)}</td>}
        </tr>
      ))}
    </DataTable>
  );
}
