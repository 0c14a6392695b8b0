import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Call, Fund, post } from '../../api';
import { ErrorNote, Field, useMoney } from '../../components';
import { parseCents } from '../../money';
import { PoolBar } from '../TransparencyPage';

export function FundPanel({ fund, calls, onChanged }: { fund: Fund; calls: Call[]; onChanged: () => void }) {
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
        type: 'ratio',
        numerator: Number(rule.numerator),
        denominator: Number(rule.denominator),
        ...(cap ? { maxMatchPerDonorPerCampaign: cap } : {}),
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
      <ul>
        {fund.rules.map((r) => (
          <li key={r.id}>
            {r.type === 'ratio' ? t('funder.ratio', { n: r.numerator, d: r.denominator }) : r.type}
            {r.eligibility?.callIds?.length ? ` · ${calls.find((c) => c.id === r.eligibility!.callIds![0])?.title ?? r.eligibility.callIds[0]}` : ''}
          </li>
        ))}
      </ul>
      <form onSubmit={addRule} className="inline-form">
        <Field label={t('funder.numerator')}>
          {(p) => (
            <input {...p} inputMode="numeric" required pattern="\d+" value={rule.numerator} onChange={(e) => setRule({ ...rule, numerator: e.target.value })} />
          )}
        </Field>
        <Field label={t('funder.denominator')}>
          {(p) => (
            <input
              {...p}
              inputMode="numeric"
              required
              pattern="\d+"
              value={rule.denominator}
              onChange={(e) => setRule({ ...rule, denominator: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('funder.ruleCall')}>
          {(p) => (
            <select {...p} value={rule.callId} onChange={(e) => setRule({ ...rule, callId: e.target.value })}>
              <option value="">{t('funder.anyCall')}</option>
              {calls.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('funder.maxPerDonor')}>
          {(p) => <input {...p} inputMode="decimal" value={rule.maxPerDonor} onChange={(e) => setRule({ ...rule, maxPerDonor: e.target.value })} />}
        </Field>
        <button type="submit">{t('funder.createRule')}</button>
      </form>
      <ErrorNote error={error} />
    </section>
  );
}
