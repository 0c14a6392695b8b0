import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api';
import { ErrorNote, Field, Notice } from '../../components';
import { parseCents } from '../../money';
import { day, isoDay, PROMOTER_TYPES } from '../form-helpers';

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export function NewCall({ onCreated }: { onCreated: () => void }) {
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
        title: f.title.trim(),
        description: f.description.trim(),
        opensAt: isoDay(f.opensAt),
        closesAt: isoDay(f.closesAt),
        eligibleAreas: list(f.areas),
        categories: list(f.categories),
        promoterTypes: types,
        currency: 'EUR',
        minGoalAmount: parseCents(f.minGoal),
        maxGoalAmount: parseCents(f.maxGoal),
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
        <Field label={t('funder.callDescription')}>
          {(p) => <textarea {...p} name="callDescription" required rows={3} value={f.description} onChange={set('description')} />}
        </Field>
        <Field label={t('funder.opensAt')}>{(p) => <input {...p} type="date" name="opensAt" value={f.opensAt} onChange={set('opensAt')} />}</Field>
        <Field label={t('funder.closesAt')}>{(p) => <input {...p} type="date" name="closesAt" value={f.closesAt} onChange={set('closesAt')} />}</Field>
        <Field label={t('funder.areas')}>{(p) => <input {...p} name="areas" required value={f.areas} onChange={set('areas')} />}</Field>
        <Field label={t('funder.categories')}>{(p) => <input {...p} name="categories" required value={f.categories} onChange={set('categories')} />}</Field>
        <fieldset>
          <legend>{t('funder.promoterTypes')}</legend>
          {PROMOTER_TYPES.map((x) => (
            <label key={x} className="check">
              <input type="checkbox" checked={types.includes(x)} onChange={(e) => setTypes(e.target.checked ? [...types, x] : types.filter((y) => y !== x))} />{' '}
              {x.replace(/_/g, ' ')}
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
        <button type="submit" className="primary">
          {t('funder.createCall')}
        </button>
      </form>
    </details>
  );
}
