import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, BackersPage, Campaign, post, Tranche } from '../../api';
import { ErrorNote, Field, Loading, Notice, ProgressBar, StatusBadge, useDate, useLoad, useMoney } from '../../components';
import { MilestoneCard, TrancheTable } from '../CampaignPage';
import { RequireRole } from '../LoginPage';
import { EvidenceForm } from './EvidenceForm';

export function ManageCampaignPage() {
  return (
    <RequireRole roles={['promoter']}>
      <ManageCampaign />
    </RequireRole>
  );
}

function ManageCampaign() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const money = useMoney();
  const date = useDate();
  const campaign = useLoad(() => api<Campaign>(`/campaigns/${id}`), [id]);
  const backers = useLoad(() => api<BackersPage>(`/campaigns/${id}/pledges?limit=200`).catch(() => null), [id]);
  const c = campaign.data;
  const delivering = c && ['succeeded', 'in_delivery', 'completed'].includes(c.status);
  const tranches = useLoad(() => (delivering ? api<Tranche[]>(`/campaigns/${id}/tranches`) : Promise.resolve([] as Tranche[])), [id, delivering]);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const [update, setUpdate] = useState({ title: '', body: '' });

  if (campaign.error) return <ErrorNote error={campaign.error} />;
  if (!c) return <Loading />;

  const act = async (fn: () => Promise<unknown>, done: string) => {
    setError(null);
    setNote(null);
    try {
      await fn();
      setNote(done);
      campaign.reload();
    } catch (err) {
      setError(err);
    }
  };
  const publish = () => post(`/campaigns/${c.id}/updates`, update).then(() => setUpdate({ title: '', body: '' }));

  return (
    <section>
      <p>
        <Link to="/promoter">← {t('promoter.title')}</Link>
      </p>
      <h1>{c.title}</h1>
      <p className="meta">
        <StatusBadge status={c.status} /> {c.area} · {money(c.goalAmount, c.currency)}{' '}
        {c.status !== 'draft' && c.status !== 'submitted' && c.status !== 'rejected' && <Link to={`/campaigns/${c.id}`}>{t('promoter.open')}</Link>}
      </p>
      {c.statusReason && <p className="muted">{c.statusReason}</p>}
      {error instanceof ApiError && error.status === 422 && error.reasons.length > 0 ? (
        <div role="alert" className="alert error" data-testid="eligibility-reasons">
          <p>{t('promoter.notEligible')}</p>
          <ul>
            {error.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      ) : (
        <ErrorNote error={error} />
      )}
      {note && <Notice>{note}</Notice>}
      {(c.status === 'draft' || c.status === 'rejected') && c.callId && (
        <p>
          <button type="button" className="primary" onClick={() => void act(() => post(`/campaigns/${c.id}/submit`), t('promoter.submitted'))}>
            {t('promoter.submit')}
          </button>
        </p>
      )}
      <ProgressBar pledged={c.progress.pledgedAmount} matched={c.progress.matchedAmount} goal={c.goalAmount} currency={c.currency} />

      <h2>{t('campaign.milestones')}</h2>
      <ol className="milestones">
        {c.milestones.map((m) => (
          <MilestoneCard key={m.id} m={m}>
            {c.status === 'in_delivery' && (m.status === 'pending' || m.status === 'evidence_submitted') && (
              <EvidenceForm
                campaignId={c.id}
                milestoneId={m.id}
                unit={m.unit}
                onSent={() => {
                  setNote(t('promoter.evidenceSent'));
                  campaign.reload();
                }}
              />
            )}
          </MilestoneCard>
        ))}
      </ol>

      {delivering && (
        <>
          <h2>{t('campaign.tranches')}</h2>
          <TrancheTable tranches={tranches.data ?? []} currency={c.currency} />
        </>
      )}

      {!['draft', 'submitted', 'rejected'].includes(c.status) && (
        <form
          className="card"
          onSubmit={(e) => {
            e.preventDefault();
            void act(publish, t('promoter.published'));
          }}
        >
          <h2>{t('promoter.postUpdate')}</h2>
          <Field label={t('promoter.updateTitle')}>
            {(p) => (
              <input
                {...p}
                name="updateTitle"
                required
                maxLength={200}
                value={update.title}
                onChange={(e) => setUpdate({ ...update, title: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('promoter.updateBody')}>
            {(p) => (
              <textarea {...p} name="updateBody" required rows={3} value={update.body} onChange={(e) => setUpdate({ ...update, body: e.target.value })} />
            )}
          </Field>
          <button type="submit">{t('promoter.publish')}</button>
        </form>
      )}

      <h2>{t('promoter.pledges')}</h2>
      {backers.data?.items.length ? (
        <ul className="backers">
          {backers.data.items.map((b, i) => (
            <li key={i}>
              {b.displayName ?? t('campaign.anonymous')} — {money(b.amount, b.currency)} <span className="muted">{date(b.confirmedAt)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('campaign.noBackers')}</p>
      )}
    </section>
  );
}
