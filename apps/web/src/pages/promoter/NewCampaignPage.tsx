import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, Call, Campaign, post } from '../../api';
import { ErrorNote, Field, useLoad } from '../../components';
import { parsePct } from '../../money';
import { isoDay, PROMOTER_TYPES } from '../form-helpers';
import { RequireRole } from '../LoginPage';
import { draftChecks, emptyDraft } from './campaign-draft';
import { emptyMilestone, MilestoneFields, MilestoneForm } from './MilestoneFields';

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
  const [f, setF] = useState(emptyDraft);
  const [milestones, setMilestones] = useState<MilestoneForm[]>([emptyMilestone('70')]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const setM = (i: number, k: keyof MilestoneForm, v: string) => setMilestones(milestones.map((m, j) => (j === i ? { ...m, [k]: v } : m)));

  const call = calls.data?.find((c) => c.id === f.callId);
  const { upfront, total, sharesOk, goal, cofinancing, problems, invalid } = draftChecks(f, milestones);
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
        title: f.title.trim(),
        summary: f.summary.trim(),
        description: f.description.trim(),
        ...(f.promoterName.trim() ? { promoterName: f.promoterName.trim() } : {}),
        ...(f.callId ? { callId: f.callId } : {}),
        area: f.area.trim(),
        category: f.category.trim(),
        promoterType: f.promoterType,
        goalAmount: goal,
        currency: 'EUR',
        fundingModel: f.fundingModel,
        startsAt: isoDay(f.startsAt),
        endsAt: isoDay(f.endsAt),
        cofinancingAmount: cofinancing,
        upfrontSharePct: upfront,
        failedMilestonePolicy: f.policy,
        milestones: milestones.map((m) => ({
          title: m.title.trim(),
          indicator: m.indicator.trim(),
          unit: m.unit.trim(),
          baseline: num(m.baseline),
          target: num(m.target),
          dueAt: isoDay(m.dueAt),
          payoutSharePct: parsePct(m.payoutSharePct),
          paymentRule: m.paymentRule,
          ...(m.paymentRule === 'proportional' && parsePct(m.minAchievementPct) !== null ? { minAchievementPct: parsePct(m.minAchievementPct) } : {}),
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
        <Field label={t('promoter.campaignTitle')} error={req(problems.title)}>
          {(p) => <input {...p} name="title" required value={f.title} onChange={set('title')} />}
        </Field>
        <Field label={t('promoter.summary')} error={req(problems.summary)}>
          {(p) => <input {...p} name="summary" required maxLength={500} value={f.summary} onChange={set('summary')} />}
        </Field>
        <Field label={t('promoter.description')} error={req(problems.description)}>
          {(p) => <textarea {...p} name="description" rows={5} required value={f.description} onChange={set('description')} />}
        </Field>
        <Field label={t('promoter.promoterName')}>{(p) => <input {...p} name="promoterName" value={f.promoterName} onChange={set('promoterName')} />}</Field>
        <Field label={t('promoter.call')}>
          {(p) => (
            <select {...p} name="callId" value={f.callId} onChange={set('callId')}>
              <option value="">{t('promoter.noCall')}</option>
              {calls.data?.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('promoter.area')} error={req(problems.area)}>
          {(p) => <input {...p} name="area" list="areas" required value={f.area} onChange={set('area')} />}
        </Field>
        <datalist id="areas">
          {call?.eligibleAreas.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <Field label={t('promoter.category')} error={req(problems.category)}>
          {(p) => <input {...p} name="category" list="categories" required value={f.category} onChange={set('category')} />}
        </Field>
        <datalist id="categories">
          {call?.categories.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <Field label={t('promoter.promoterType')}>
          {(p) => (
            <select {...p} name="promoterType" value={f.promoterType} onChange={set('promoterType')}>
              {PROMOTER_TYPES.map((x) => (
                <option key={x} value={x}>
                  {x.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('promoter.goal')} hint={t('pledge.amountHint')} error={req(problems.goal)}>
          {(p) => <input {...p} name="goal" inputMode="decimal" required value={f.goal} onChange={set('goal')} />}
        </Field>
        <Field label={t('promoter.cofinancing')} error={req(problems.cofinancing)}>
          {(p) => <input {...p} name="cofinancing" inputMode="decimal" value={f.cofinancing} onChange={set('cofinancing')} />}
        </Field>
        <Field label={t('promoter.fundingModel')}>
          {(p) => (
            <select {...p} name="fundingModel" value={f.fundingModel} onChange={set('fundingModel')}>
              <option value="all_or_nothing">{t('campaign.all_or_nothing')}</option>
              <option value="keep_it_all">{t('campaign.keep_it_all')}</option>
            </select>
          )}
        </Field>
        <Field label={t('promoter.startsAt')}>{(p) => <input {...p} type="date" name="startsAt" value={f.startsAt} onChange={set('startsAt')} />}</Field>
        <Field label={t('promoter.endsAt')} error={req(problems.dates)}>
          {(p) => <input {...p} type="date" name="endsAt" value={f.endsAt} onChange={set('endsAt')} />}
        </Field>
        <Field label={t('promoter.policy')}>
          {(p) => (
            <select {...p} name="failedMilestonePolicy" value={f.policy} onChange={set('policy')}>
              <option value="refund_donor_share">{t('promoter.refund_donor_share')}</option>
              <option value="release_donor_share">{t('promoter.release_donor_share')}</option>
            </select>
          )}
        </Field>
        <Field label={t('promoter.upfront')}>
          {(p) => <input {...p} name="upfrontSharePct" inputMode="numeric" value={f.upfront} onChange={set('upfront')} />}
        </Field>

        <fieldset className="milestones-form">
          <legend>{t('promoter.milestones')}</legend>
          {milestones.map((m, i) => (
            <MilestoneFields key={m.key} m={m} i={i} setM={setM} onRemove={() => setMilestones(milestones.filter((_, j) => j !== i))} />
          ))}
          <button type="button" onClick={() => setMilestones([...milestones, emptyMilestone()])}>
            {t('promoter.addMilestone')}
          </button>
        </fieldset>
        <p className={`shares ${sharesOk ? 'ok' : 'ko'}`} aria-live="polite" data-testid="shares-total">
          {t('promoter.sharesTotal', { total })} — {sharesOk ? `✓ ${t('promoter.sharesOk')}` : `✗ ${t('promoter.sharesKo')}`}
        </p>
        <ErrorNote error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('promoter.create')}
        </button>
      </form>
    </section>
  );
}
