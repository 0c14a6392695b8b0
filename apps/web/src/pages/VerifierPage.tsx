import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, EvidenceToVerify, post } from '../api';
import { ErrorNote, Field, Loading, Notice, useDate, useLoad } from '../components';
import { RequireRole } from './LoginPage';

export function VerifierPage() {
  return (
    <RequireRole roles={['verifier', 'admin']}>
      <Queue />
    </RequireRole>
  );
}

function Queue() {
  const { t } = useTranslation();
  const queue = useLoad(() => api<EvidenceToVerify[]>('/verifications/queue'), []);
  const [done, setDone] = useState(false);
  return (
    <section>
      <h1>{t('verifier.title')}</h1>
      {done && <Notice>{t('verifier.done')}</Notice>}
      <ErrorNote error={queue.error} />
      {queue.loading && !queue.data && <Loading />}
      {queue.data?.length === 0 && <p>{t('verifier.empty')}</p>}
      <ul className="grid one">
        {queue.data?.map((item) => (
          <VerifyItem
            key={item.milestoneId}
            item={item}
            onDone={() => {
              setDone(true);
              queue.reload();
            }}
          />
        ))}
      </ul>
    </section>
  );
}

function VerifyItem({ item, onDone }: { item: EvidenceToVerify; onDone: () => void }) {
  const { t } = useTranslation();
  const date = useDate();
  const latest = item.evidence[item.evidence.length - 1];
  const [value, setValue] = useState(latest ? String(latest.reportedValue) : '');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<unknown>(null);
  const verdict = async (approved: boolean, e?: FormEvent) => {
    e?.preventDefault();
    setError(null);
    try {
      await post(`/campaigns/${item.campaignId}/milestones/${item.milestoneId}/verification`, {
        verifiedValue: Number(value.trim().replace(',', '.')),
        approved,
        notes: notes.trim(),
      });
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <li className="card" data-milestone={item.milestoneId}>
      <h2>
        <Link to={`/campaigns/${item.campaignId}`}>{item.campaignTitle}</Link> — {item.milestoneTitle}
      </h2>
      <p>
        {item.indicator}: {t('verifier.target', { target: item.target, unit: item.unit, baseline: item.baseline, rule: t(`promoter.${item.paymentRule}`) })}
      </p>
      {item.evidence.map((ev, i) => (
        <div key={i} className="evidence-item">
          <p>
            <strong>{t('verifier.reported', { value: ev.reportedValue, unit: item.unit })}</strong> <span className="muted">{date(ev.submittedAt)}</span>
          </p>
          <p className="story">{ev.description}</p>
          {ev.documents.length > 0 && (
            <>
              <h3>{t('verifier.documents')}</h3>
              <ul>
                {ev.documents.map((d) => (
                  <li key={d.url + d.sha256}>
                    {/^https?:\/\//.test(d.url) ? (
                      <a href={d.url} rel="noreferrer noopener" target="_blank">
                        {d.url}
                      </a>
                    ) : (
                      d.url
                    )}{' '}
                    <code>sha256 {d.sha256}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      ))}
      <form onSubmit={(e) => void verdict(true, e)}>
        <Field label={t('verifier.verifiedValue')}>
          {(p) => (
            <input
              {...p}
              name="verifiedValue"
              inputMode="decimal"
              required
              pattern="-?\d+([.,]\d+)?"
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('verifier.notes')}>
          {(p) => <textarea {...p} name="notes" rows={2} maxLength={2000} value={notes} onChange={(e) => setNotes(e.target.value)} />}
        </Field>
        <ErrorNote error={error} />
        <button type="submit" className="primary">
          {t('verifier.approve')}
        </button>{' '}
        <button type="button" onClick={() => void verdict(false)}>
          {t('verifier.fail')}
        </button>
      </form>
    </li>
  );
}
