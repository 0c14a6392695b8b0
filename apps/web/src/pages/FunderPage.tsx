import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, Call, Campaign, Fund, post, Tranche } from '../api';
import { ErrorNote, Field, Loading, Notice, StatusBadge, useDate, useLoad, useMoney } from '../components';
import { parseCents, parseSources } from '../money';
import { useSession } from '../session';
import { TrancheTable } from './CampaignPage';
import { RequireRole } from './LoginPage';
import { PoolBar } from './TransparencyPage';

const PROMOTER_TYPES = ['ets', 'informal_group', 'social_enterprise', 'company'] as const;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

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
        <a className="button" href="/transparency/export?format=csv" download="public-money.csv">{t('funder.export')}</a>{' '}
        <a href="/transparency/export?format=json">{t('funder.exportJson')}</a>
      </p>
      <h2>{t('funder.calls')}</h2>
      <ErrorNote error={calls.error} />
      {calls.loading && !calls.data && <Loading />}
      {calls.data && mine.length === 0 && <p>{t('funder.noCalls')}</p>}
      {mine.map((c) => <CallReview key={c.id} call={c} />)}
      {has('funder') && <NewCall onCreated={calls.reload} />}
      {has('funder') && (
        <>
          <h2>{t('funder.funds')}</h2>
          <ErrorNote error={funds.error} />
          {funds.data?.length === 0 && <p>{t('funder.noFunds')}</p>}
          {funds.data?.map((f) => <FundPanel key={f.id} fund={f} calls={mine} onChanged={funds.reload} />)}
          <NewFund onCreated={funds.reload} />
        </>
      )}
    </section>
  );
}

function CallReview({ call }: { call: Call }) {
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
      <p className="meta">{date(call.opensAt)} – {date(call.closesAt)} · {call.eligibleAreas.join(', ')} · {call.categories.join(', ')}</p>
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
                <button type="button" className="primary" onClick={() => void act(`/campaigns/${c.id}/approve`)}>{t('funder.approve')} — {c.title}</button>{' '}
              </p>
            )}
            {c.status === 'submitted' && (
              <p>
                <label>
                  {t('funder.rejectReason', { title: c.title })}
                  <textarea maxLength={1000} value={reasons[c.id] ?? ''} onChange={(e) => setReasons({ ...reasons, [c.id]: e.target.value })} />
                </label>{' '}
                <button type="button" disabled={!(reasons[c.id] ?? '').trim()} onClick={() => void act(`/campaigns/${c.id}/reject`, { reason: (reasons[c.id] ?? '').trim() })}>
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
                <button type="button" className="primary" onClick={() => void act(() => post(`/tranches/${tr.id}/release`))}>{t('funder.release')}</button>
              )}
              {tr.status === 'released' && tr.payout?.method === 'external' && (
                <form onSubmit={(e) => { e.preventDefault(); void act(() => post(`/tranches/${tr.id}/confirm-payment`, { bankReference: reference })); }}>
                  <Field label={t('funder.bankReference')}>{(p) => <input {...p} required value={reference} onChange={(e) => setReference(e.target.value)} />}</Field>
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

function NewCall({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const [f, setF] = useState({ title: '', description: '', opensAt: day(0), closesAt: day(90), areas: '', categories: '', minGoal: '1000', maxGoal: '100000' });
  const [types, setTypes] = useState<string[]>(['ets', 'informal_group']);
  const [cofin, setCofin] = useState<Record<string, string>>({ ets: '10', informal_group: '5', social_enterprise: '10', company: '20' });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(false);
    try {
      await post('/calls', {
        title: f.title.trim(), description: f.description.trim(), opensAt: `${f.opensAt}T00:00:00.000Z`, closesAt: `${f.closesAt}T00:00:00.000Z`,
        eligibleAreas: list(f.areas), categories: list(f.categories), promoterTypes: types, currency: 'EUR',
        minGoalAmount: parseCents(f.minGoal), maxGoalAmount: parseCents(f.maxGoal),
        minCofinancingPct: Object.fromEntries(types.map((x) => [x, Number(cofin[x] || '0')])),
      });
      setDone(true);
      onCreated();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <details className="card">
      <summary>{t('funder.newCall')}</summary>
      <form onSubmit={submit} className="form-grid">
        <Field label={t('funder.callTitle')}>{(p) => <input {...p} name="callTitle" required minLength={3} value={f.title} onChange={set('title')} />}</Field>
        <Field label={t('funder.callDescription')}>{(p) => <textarea {...p} name="callDescription" required rows={3} value={f.description} onChange={set('description')} />}</Field>
        <Field label={t('funder.opensAt')}>{(p) => <input {...p} type="date" name="opensAt" value={f.opensAt} onChange={set('opensAt')} />}</Field>
        <Field label={t('funder.closesAt')}>{(p) => <input {...p} type="date" name="closesAt" value={f.closesAt} onChange={set('closesAt')} />}</Field>
        <Field label={t('funder.areas')}>{(p) => <input {...p} name="areas" required value={f.areas} onChange={set('areas')} />}</Field>
        <Field label={t('funder.categories')}>{(p) => <input {...p} name="categories" required value={f.categories} onChange={set('categories')} />}</Field>
        <fieldset>
          <legend>{t('funder.promoterTypes')}</legend>
          {PROMOTER_TYPES.map((x) => (
            <label key={x} className="check">
              <input type="checkbox" checked={types.includes(x)} onChange={(e) => setTypes(e.target.checked ? [...types, x] : types.filter((y) => y !== x))} /> {x.replace(/_/g, ' ')}
            </label>
          ))}
        </fieldset>
        {types.map((x) => (
          <Field key={x} label={t('funder.minCofinancing', { type: x.replace(/_/g, ' ') })}>
            {(p) => <input {...p} inputMode="numeric" value={cofin[x] ?? ''} onChange={(e) => setCofin({ ...cofin, [x]: e.target.value })} />}
          </Field>
        ))}
        <Field label={t('funder.minGoal')}>{(p) => <input {...p} name="minGoal" inputMode="decimal" value={f.minGoal} onChange={set('minGoal')} />}</Field>
        <Field label={t('funder.maxGoal')}>{(p) => <input {...p} name="maxGoal" inputMode="decimal" value={f.maxGoal} onChange={set('maxGoal')} />}</Field>
        <ErrorNote error={error} />
        {done && <Notice>{t('funder.created')}</Notice>}
        <button type="submit" className="primary">{t('funder.createCall')}</button>
      </form>
    </details>
  );
}

function NewFund({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const [f, setF] = useState({ name: '', budget: '', tags: '' });
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const sources = parseSources(f.tags);
    if (!sources) {
      setError(new Error(t('funder.sourcesMixed')));
      return;
    }
    try {
      await post('/funds', { name: f.name.trim(), currency: 'EUR', budgetAmount: parseCents(f.budget), ...sources });
      setF({ name: '', budget: '', tags: '' });
      onCreated();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <details className="card">
      <summary>{t('funder.newFund')}</summary>
      <form onSubmit={submit} className="form-grid">
        <Field label={t('funder.fundName')}>{(p) => <input {...p} name="fundName" required value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />}</Field>
        <Field label={t('funder.budget')} hint={t('pledge.amountHint')}>{(p) => <input {...p} name="budget" inputMode="decimal" required value={f.budget} onChange={(e) => setF({ ...f, budget: e.target.value })} />}</Field>
        <Field label={t('funder.sourceTags')} hint={t('funder.sourcesHint')}>{(p) => <input {...p} name="sourceTags" value={f.tags} onChange={(e) => setF({ ...f, tags: e.target.value })} />}</Field>
        <ErrorNote error={error} />
        <button type="submit" className="primary">{t('funder.createFund')}</button>
      </form>
    </details>
  );
}

function FundPanel({ fund, calls, onChanged }: { fund: Fund; calls: Call[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const [rule, setRule] = useState({ numerator: '1', denominator: '1', callId: '', maxPerDonor: '' });
  const [error, setError] = useState<unknown>(null);
  const addRule = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const cap = rule.maxPerDonor.trim() ? parseCents(rule.maxPerDonor) : null;
    try {
      await post(`/funds/${fund.id}/rules`, {
        type: 'ratio', numerator: Number(rule.numerator), denominator: Number(rule.denominator), ...(cap ? { maxMatchPerDonorPerCampaign: cap } : {}),
        eligibility: rule.callId ? { callIds: [rule.callId] } : {},
      });
      onChanged();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="card" aria-label={fund.name} data-fund={fund.id}>
      <h3>{fund.name}</h3>
      <p className="meta">{fund.sourceShares ? fund.sourceShares.map((s) => `${s.source} ${s.shareBps / 100} %`).join(', ') : fund.sourceTags.join(', ')}</p>
      <PoolBar fund={fund} />
      <dl className="pool">
        {(['budgetAmount', 'available', 'reserved', 'committed', 'spent', 'returned'] as const).map((k) => (
          <div key={k}>
            <dt>{t(`funder.${k === 'budgetAmount' ? 'budgetTotal' : k}`)}</dt>
            <dd data-pool={k}>{money(fund[k], fund.currency)}</dd>
          </div>
        ))}
      </dl>
      <h4>{t('funder.rules')}</h4>
      <ul>{fund.rules.map((r) => <li key={r.id}>{r.type === 'ratio' ? t('funder.ratio', { n: r.numerator, d: r.denominator }) : r.type}{r.eligibility?.callIds?.length ? ` · ${calls.find((c) => c.id === r.eligibility!.callIds![0])?.title ?? r.eligibility.callIds[0]}` : ''}</li>)}</ul>
      <form onSubmit={addRule} className="inline-form">
        <Field label={t('funder.numerator')}>{(p) => <input {...p} inputMode="numeric" required pattern="\d+" value={rule.numerator} onChange={(e) => setRule({ ...rule, numerator: e.target.value })} />}</Field>
        <Field label={t('funder.denominator')}>{(p) => <input {...p} inputMode="numeric" required pattern="\d+" value={rule.denominator} onChange={(e) => setRule({ ...rule, denominator: e.target.value })} />}</Field>
        <Field label={t('funder.ruleCall')}>
          {(p) => (
            <select {...p} value={rule.callId} onChange={(e) => setRule({ ...rule, callId: e.target.value })}>
              <option value="">{t('funder.anyCall')}</option>
              {calls.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('funder.maxPerDonor')}>{(p) => <input {...p} inputMode="decimal" value={rule.maxPerDonor} onChange={(e) => setRule({ ...rule, maxPerDonor: e.target.value })} />}</Field>
        <button type="submit">{t('funder.createRule')}</button>
      </form>
      <ErrorNote error={error} />
    </section>
  );
}
