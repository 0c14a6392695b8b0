import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, BackersPage, Call, Campaign, post, Tranche } from '../api';
import { ErrorNote, Field, Loading, Notice, ProgressBar, StatusBadge, useDate, useLoad, useMoney } from '../components';
import { parseCents, parsePct } from '../money';
import { TrancheTable } from './CampaignPage';
import { RequireRole } from './LoginPage';

const PROMOTER_TYPES = ['ets', 'informal_group', 'social_enterprise', 'company'] as const;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const isoDay = (d: string) => `${d}T00:00:00.000Z`;

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
      <p><Link className="button primary" to="/promoter/new">{t('promoter.new')}</Link></p>
      <ErrorNote error={mine.error} />
      {mine.loading && !mine.data && <Loading />}
      {mine.data?.length === 0 && <p>{t('promoter.empty')}</p>}
      <ul className="grid">
        {mine.data?.map((c) => (
          <li key={c.id} className="card">
            <h2><Link to={`/promoter/campaigns/${c.id}`}>{c.title}</Link></h2>
            <p className="meta"><StatusBadge status={c.status} /> {c.area} · {money(c.goalAmount, c.currency)}</p>
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
  const [done, setDone] = useState<{ onboardingUrl?: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const save = async (body: Record<string, string>) => {
    setError(null);
    setDone(null);
    try {
      setDone(await post<{ onboardingUrl?: string }>('/promoters/me/payout-account', body));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="card" aria-labelledby="payout-h">
      <h2 id="payout-h">{t('promoter.payoutAccount')}</h2>
      <p><button type="button" onClick={() => void save({ method: 'stripe_connect' })}>{t('promoter.stripeConnect')}</button></p>
      <form onSubmit={(e) => { e.preventDefault(); void save({ method: 'external', iban, accountHolder: holder }); }}>
        <h3>{t('promoter.ibanTitle')}</h3>
        <Field label={t('promoter.iban')}>{(p) => <input {...p} name="iban" required value={iban} onChange={(e) => setIban(e.target.value)} />}</Field>
        <Field label={t('promoter.holder')}>{(p) => <input {...p} name="accountHolder" required value={holder} onChange={(e) => setHolder(e.target.value)} />}</Field>
        <button type="submit">{t('promoter.saveIban')}</button>
      </form>
      <ErrorNote error={error} />
      {done && (
        <Notice>
          {t('promoter.accountSaved')}{' '}
          {done.onboardingUrl && /^https?:\/\//.test(done.onboardingUrl) && <a href={done.onboardingUrl} rel="noreferrer noopener" target="_blank">{t('promoter.onboarding')}</a>}
        </Notice>
      )}
    </section>
  );
}

interface MilestoneForm {
  key: number;
  title: string;
  indicator: string;
  unit: string;
  baseline: string;
  target: string;
  dueAt: string;
  payoutSharePct: string;
  paymentRule: 'binary' | 'proportional';
  minAchievementPct: string;
}

let milestoneKey = 0;
const emptyMilestone = (share = ''): MilestoneForm => ({
  key: ++milestoneKey, title: '', indicator: '', unit: '', baseline: '0', target: '', dueAt: day(120), payoutSharePct: share, paymentRule: 'binary', minAchievementPct: '',
});

export function NewCampaignPage() {
  return (
    <RequireRole roles={['promoter']}>
      <NewCampaign />
    </RequireRole>
  );
}

function NewCampaign() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const calls = useLoad(() => api<Call[]>('/calls'), []);
  const [f, setF] = useState({
    title: '', summary: '', description: '', promoterName: '', callId: '', area: '', category: '', promoterType: 'ets', goal: '', fundingModel: 'all_or_nothing',
    startsAt: day(0), endsAt: day(30), cofinancing: '0', upfront: '30', policy: 'refund_donor_share',
  });
  const [milestones, setMilestones] = useState<MilestoneForm[]>([emptyMilestone('70')]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const setM = (i: number, k: keyof MilestoneForm, v: string) => setMilestones(milestones.map((m, j) => (j === i ? { ...m, [k]: v } : m)));

  const call = calls.data?.find((c) => c.id === f.callId);
  const upfront = parsePct(f.upfront);
  const shares = milestones.map((m) => parsePct(m.payoutSharePct));
  const total = (upfront ?? 0) + shares.reduce<number>((a, s) => a + (s ?? 0), 0);
  const sharesOk = upfront !== null && shares.every((s) => s !== null) && total === 100;
  const goal = parseCents(f.goal);
  const cofinancing = parseCents(f.cofinancing);
  const numberOk = (s: string) => /^-?\d+([.,]\d+)?$/.test(s.trim());
  const problems = {
    title: f.title.trim().length < 3, summary: !f.summary.trim(), description: !f.description.trim(), area: !f.area.trim(), category: !f.category.trim(),
    goal: goal === null || goal <= 0, cofinancing: cofinancing === null, dates: f.endsAt <= f.startsAt, shares: !sharesOk,
    milestones: milestones.some((m) => !m.title.trim() || !m.indicator.trim() || !m.unit.trim() || !numberOk(m.baseline) || !numberOk(m.target) || !m.dueAt),
  };
  const invalid = Object.values(problems).some(Boolean);
  const req = (bad: boolean) => (tried && bad ? t('common.required') : null);
  const num = (s: string) => Number(s.trim().replace(',', '.'));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    setError(null);
    if (invalid) return setError(new Error(t('promoter.invalid')));
    setBusy(true);
    try {
      const created = await post<Campaign>('/campaigns', {
        title: f.title.trim(), summary: f.summary.trim(), description: f.description.trim(), ...(f.promoterName.trim() ? { promoterName: f.promoterName.trim() } : {}),
        ...(f.callId ? { callId: f.callId } : {}), area: f.area.trim(), category: f.category.trim(), promoterType: f.promoterType, goalAmount: goal, currency: 'EUR',
        fundingModel: f.fundingModel, startsAt: isoDay(f.startsAt), endsAt: isoDay(f.endsAt), cofinancingAmount: cofinancing, upfrontSharePct: upfront, failedMilestonePolicy: f.policy,
        milestones: milestones.map((m) => ({
          title: m.title.trim(), indicator: m.indicator.trim(), unit: m.unit.trim(), baseline: num(m.baseline), target: num(m.target), dueAt: isoDay(m.dueAt),
          payoutSharePct: parsePct(m.payoutSharePct), paymentRule: m.paymentRule, ...(m.paymentRule === 'proportional' && parsePct(m.minAchievementPct) !== null ? { minAchievementPct: parsePct(m.minAchievementPct) } : {}),
        })),
      });
      navigate(`/promoter/campaigns/${created.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>{t('promoter.draftTitle')}</h1>
      <form onSubmit={submit} noValidate className="card form-grid">
        <Field label={t('promoter.campaignTitle')} error={req(problems.title)}>{(p) => <input {...p} name="title" required value={f.title} onChange={set('title')} />}</Field>
        <Field label={t('promoter.summary')} error={req(problems.summary)}>{(p) => <input {...p} name="summary" required maxLength={500} value={f.summary} onChange={set('summary')} />}</Field>
        <Field label={t('promoter.description')} error={req(problems.description)}>{(p) => <textarea {...p} name="description" rows={5} required value={f.description} onChange={set('description')} />}</Field>
        <Field label={t('promoter.promoterName')}>{(p) => <input {...p} name="promoterName" value={f.promoterName} onChange={set('promoterName')} />}</Field>
        <Field label={t('promoter.call')}>
          {(p) => (
            <select {...p} name="callId" value={f.callId} onChange={set('callId')}>
              <option value="">{t('promoter.noCall')}</option>
              {calls.data?.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('promoter.area')} error={req(problems.area)}>
          {(p) => <input {...p} name="area" list="areas" required value={f.area} onChange={set('area')} />}
        </Field>
        <datalist id="areas">{call?.eligibleAreas.map((a) => <option key={a} value={a} />)}</datalist>
        <Field label={t('promoter.category')} error={req(problems.category)}>
          {(p) => <input {...p} name="category" list="categories" required value={f.category} onChange={set('category')} />}
        </Field>
        <datalist id="categories">{call?.categories.map((a) => <option key={a} value={a} />)}</datalist>
        <Field label={t('promoter.promoterType')}>
          {(p) => (
            <select {...p} name="promoterType" value={f.promoterType} onChange={set('promoterType')}>
              {PROMOTER_TYPES.map((x) => <option key={x} value={x}>{x.replace(/_/g, ' ')}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('promoter.goal')} hint={t('pledge.amountHint')} error={req(problems.goal)}>{(p) => <input {...p} name="goal" inputMode="decimal" required value={f.goal} onChange={set('goal')} />}</Field>
        <Field label={t('promoter.cofinancing')} error={req(problems.cofinancing)}>{(p) => <input {...p} name="cofinancing" inputMode="decimal" value={f.cofinancing} onChange={set('cofinancing')} />}</Field>
        <Field label={t('promoter.fundingModel')}>
          {(p) => (
            <select {...p} name="fundingModel" value={f.fundingModel} onChange={set('fundingModel')}>
              <option value="all_or_nothing">{t('campaign.all_or_nothing')}</option>
              <option value="keep_it_all">{t('campaign.keep_it_all')}</option>
            </select>
          )}
        </Field>
        <Field label={t('promoter.startsAt')}>{(p) => <input {...p} type="date" name="startsAt" value={f.startsAt} onChange={set('startsAt')} />}</Field>
        <Field label={t('promoter.endsAt')} error={req(problems.dates)}>{(p) => <input {...p} type="date" name="endsAt" value={f.endsAt} onChange={set('endsAt')} />}</Field>
        <Field label={t('promoter.policy')}>
          {(p) => (
            <select {...p} name="failedMilestonePolicy" value={f.policy} onChange={set('policy')}>
              <option value="refund_donor_share">{t('promoter.refund_donor_share')}</option>
              <option value="release_donor_share">{t('promoter.release_donor_share')}</option>
            </select>
          )}
        </Field>
        <Field label={t('promoter.upfront')}>{(p) => <input {...p} name="upfrontSharePct" inputMode="numeric" value={f.upfront} onChange={set('upfront')} />}</Field>

        <fieldset className="milestones-form">
          <legend>{t('promoter.milestones')}</legend>
          {milestones.map((m, i) => (
            <fieldset key={m.key} className="card milestone-form">
              <legend>{t('campaign.milestone')} {i + 1}</legend>
              <Field label={t('promoter.mTitle')}>{(p) => <input {...p} name={`m${i}-title`} value={m.title} onChange={(e) => setM(i, 'title', e.target.value)} />}</Field>
              <Field label={t('promoter.indicator')}>{(p) => <input {...p} name={`m${i}-indicator`} value={m.indicator} onChange={(e) => setM(i, 'indicator', e.target.value)} />}</Field>
              <Field label={t('promoter.unit')}>{(p) => <input {...p} name={`m${i}-unit`} value={m.unit} onChange={(e) => setM(i, 'unit', e.target.value)} />}</Field>
              <Field label={t('promoter.baseline')}>{(p) => <input {...p} name={`m${i}-baseline`} inputMode="decimal" value={m.baseline} onChange={(e) => setM(i, 'baseline', e.target.value)} />}</Field>
              <Field label={t('promoter.target')}>{(p) => <input {...p} name={`m${i}-target`} inputMode="decimal" value={m.target} onChange={(e) => setM(i, 'target', e.target.value)} />}</Field>
              <Field label={t('promoter.dueAt')}>{(p) => <input {...p} type="date" name={`m${i}-dueAt`} value={m.dueAt} onChange={(e) => setM(i, 'dueAt', e.target.value)} />}</Field>
              <Field label={t('promoter.payoutShare')}>{(p) => <input {...p} name={`m${i}-share`} inputMode="numeric" value={m.payoutSharePct} onChange={(e) => setM(i, 'payoutSharePct', e.target.value)} />}</Field>
              <Field label={t('promoter.paymentRule')}>
                {(p) => (
                  <select {...p} name={`m${i}-rule`} value={m.paymentRule} onChange={(e) => setM(i, 'paymentRule', e.target.value)}>
                    <option value="binary">{t('promoter.binary')}</option>
                    <option value="proportional">{t('promoter.proportional')}</option>
                  </select>
                )}
              </Field>
              {m.paymentRule === 'proportional' && (
                <Field label={t('promoter.minAchievement')}>{(p) => <input {...p} name={`m${i}-min`} inputMode="numeric" value={m.minAchievementPct} onChange={(e) => setM(i, 'minAchievementPct', e.target.value)} />}</Field>
              )}
              <button type="button" onClick={() => setMilestones(milestones.filter((_, j) => j !== i))}>{t('promoter.removeMilestone', { n: i + 1 })}</button>
            </fieldset>
          ))}
          <button type="button" onClick={() => setMilestones([...milestones, emptyMilestone()])}>{t('promoter.addMilestone')}</button>
        </fieldset>
        <p className={`shares ${sharesOk ? 'ok' : 'ko'}`} aria-live="polite" data-testid="shares-total">
          {t('promoter.sharesTotal', { total })} — {sharesOk ? `✓ ${t('promoter.sharesOk')}` : `✗ ${t('promoter.sharesKo')}`}
        </p>
        <ErrorNote error={error} />
        <button type="submit" className="primary" disabled={busy}>{t('promoter.create')}</button>
      </form>
    </section>
  );
}

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

  return (
    <section>
      <p><Link to="/promoter">← {t('promoter.title')}</Link></p>
      <h1>{c.title}</h1>
      <p className="meta"><StatusBadge status={c.status} /> {c.area} · {money(c.goalAmount, c.currency)} {c.status !== 'draft' && c.status !== 'submitted' && c.status !== 'rejected' && <Link to={`/campaigns/${c.id}`}>{t('promoter.open')}</Link>}</p>
      {c.statusReason && <p className="muted">{c.statusReason}</p>}
      {error instanceof ApiError && error.status === 422 && error.reasons.length > 0 ? (
        <div role="alert" className="alert error" data-testid="eligibility-reasons">
          <p>{t('promoter.notEligible')}</p>
          <ul>{error.reasons.map((r) => <li key={r}>{r}</li>)}</ul>
        </div>
      ) : (
        <ErrorNote error={error} />
      )}
      {note && <Notice>{note}</Notice>}
      {(c.status === 'draft' || c.status === 'rejected') && c.callId && (
        <p><button type="button" className="primary" onClick={() => void act(() => post(`/campaigns/${c.id}/submit`), t('promoter.submitted'))}>{t('promoter.submit')}</button></p>
      )}
      <ProgressBar pledged={c.progress.pledgedAmount} matched={c.progress.matchedAmount} goal={c.goalAmount} currency={c.currency} />

      <h2>{t('campaign.milestones')}</h2>
      <ol className="milestones">
        {c.milestones.map((m) => (
          <li key={m.id} className="card">
            <h3>{m.title} <StatusBadge status={m.status} /></h3>
            <p>{m.indicator}: {t('campaign.target', { target: m.target, unit: m.unit, baseline: m.baseline })}, {t('campaign.due', { date: date(m.dueAt) })} · {t('campaign.share', { pct: m.payoutSharePct })}</p>
            {c.status === 'in_delivery' && (m.status === 'pending' || m.status === 'evidence_submitted') && (
              <EvidenceForm campaignId={c.id} milestoneId={m.id} unit={m.unit} onSent={() => { setNote(t('promoter.evidenceSent')); campaign.reload(); }} />
            )}
          </li>
        ))}
      </ol>

      {delivering && (
        <>
          <h2>{t('campaign.tranches')}</h2>
          <TrancheTable tranches={tranches.data ?? []} currency={c.currency} />
        </>
      )}

      {!['draft', 'submitted', 'rejected'].includes(c.status) && (
        <form className="card" onSubmit={(e) => { e.preventDefault(); void act(() => post(`/campaigns/${c.id}/updates`, update).then(() => setUpdate({ title: '', body: '' })), t('promoter.published')); }}>
          <h2>{t('promoter.postUpdate')}</h2>
          <Field label={t('promoter.updateTitle')}>{(p) => <input {...p} name="updateTitle" required maxLength={200} value={update.title} onChange={(e) => setUpdate({ ...update, title: e.target.value })} />}</Field>
          <Field label={t('promoter.updateBody')}>{(p) => <textarea {...p} name="updateBody" required rows={3} value={update.body} onChange={(e) => setUpdate({ ...update, body: e.target.value })} />}</Field>
          <button type="submit">{t('promoter.publish')}</button>
        </form>
      )}

      <h2>{t('promoter.pledges')}</h2>
      {backers.data?.items.length ? (
        <ul className="backers">
          {backers.data.items.map((b, i) => <li key={i}>{b.displayName ?? t('campaign.anonymous')} — {money(b.amount, b.currency)} <span className="muted">{date(b.confirmedAt)}</span></li>)}
        </ul>
      ) : (
        <p className="muted">{t('campaign.noBackers')}</p>
      )}
    </section>
  );
}

function EvidenceForm({ campaignId, milestoneId, unit, onSent }: { campaignId: string; milestoneId: string; unit: string; onSent: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [description, setDescription] = useState('');
  const [url, setUrl] = useState('');
  const [sha, setSha] = useState('');
  const [error, setError] = useState<unknown>(null);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await post(`/campaigns/${campaignId}/milestones/${milestoneId}/evidence`, {
        reportedValue: Number(value.trim().replace(',', '.')), description: description.trim(), documents: url.trim() ? [{ url: url.trim(), sha256: sha.trim().toLowerCase() }] : [],
      });
      onSent();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={send} className="evidence">
      <h4>{t('promoter.evidence')}</h4>
      <Field label={`${t('promoter.reportedValue')} (${unit})`}>{(p) => <input {...p} name="reportedValue" inputMode="decimal" required pattern="-?\d+([.,]\d+)?" value={value} onChange={(e) => setValue(e.target.value)} />}</Field>
      <Field label={t('promoter.evidenceDescription')}>{(p) => <textarea {...p} name="evidenceDescription" required rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />}</Field>
      <Field label={t('promoter.docUrl')}>{(p) => <input {...p} name="docUrl" type="url" value={url} onChange={(e) => setUrl(e.target.value)} />}</Field>
      <Field label={t('promoter.docSha')}>{(p) => <input {...p} name="docSha" pattern="[a-fA-F0-9]{64}" required={Boolean(url.trim())} value={sha} onChange={(e) => setSha(e.target.value)} />}</Field>
      <ErrorNote error={error} />
      <button type="submit">{t('promoter.sendEvidence')}</button>
    </form>
  );
}
