import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api';
import { ErrorNote, Field } from '../../components';

/** The promoter's report of a milestone's reached value, with an optional document and its hash. */
export function EvidenceForm({ campaignId, milestoneId, unit, onSent }: { campaignId: string; milestoneId: string; unit: string; onSent: () => void }) {
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
        reportedValue: Number(value.trim().replace(',', '.')),
        description: description.trim(),
        documents: url.trim() ? [{ url: url.trim(), sha256: sha.trim().toLowerCase() }] : [],
      });
      onSent();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={send} className="evidence">
      <h4>{t('promoter.evidence')}</h4>
      <Field label={`${t('promoter.reportedValue')} (${unit})`}>
        {(p) => (
          <input {...p} name="reportedValue" inputMode="decimal" required pattern="-?\d+([.,]\d+)?" value={value} onChange={(e) => setValue(e.target.value)} />
        )}
      </Field>
      <Field label={t('promoter.evidenceDescription')}>
        {(p) => <textarea {...p} name="evidenceDescription" required rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <Field label={t('promoter.docUrl')}>{(p) => <input {...p} name="docUrl" type="url" value={url} onChange={(e) => setUrl(e.target.value)} />}</Field>
      <Field label={t('promoter.docSha')}>
        {(p) => <input {...p} name="docSha" pattern="[a-fA-F0-9]{64}" required={Boolean(url.trim())} value={sha} onChange={(e) => setSha(e.target.value)} />}
      </Field>
      <ErrorNote error={error} />
      <button type="submit">{t('promoter.sendEvidence')}</button>
    </form>
  );
}
