import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api';
import { ErrorNote, Field } from '../../components';
import { parseCents, parseSources } from '../../money';

export function NewFund({ onCreated }: { onCreated: () => void }) {
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
        <Field label={t('funder.fundName')}>
          {(p) => <input {...p} name="fundName" required value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />}
        </Field>
        <Field label={t('funder.budget')} hint={t('pledge.amountHint')}>
          {(p) => <input {...p} name="budget" inputMode="decimal" required value={f.budget} onChange={(e) => setF({ ...f, budget: e.target.value })} />}
        </Field>
        <Field label={t('funder.sourceTags')} hint={t('funder.sourcesHint')}>
          {(p) => <input {...p} name="sourceTags" value={f.tags} onChange={(e) => setF({ ...f, tags: e.target.value })} />}
        </Field>
        <ErrorNote error={error} />
        <button type="submit" className="primary">
          {t('funder.createFund')}
        </button>
      </form>
    </details>
  );
}
