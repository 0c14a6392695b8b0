import { useTranslation } from 'react-i18next';
import { Field } from '../../components';
import { day } from '../form-helpers';

/** One milestone of the draft form, as typed (strings until submit). */
export interface MilestoneForm {
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
export const emptyMilestone = (share = ''): MilestoneForm => ({
  key: ++milestoneKey,
  title: '',
  indicator: '',
  unit: '',
  baseline: '0',
  target: '',
  dueAt: day(120),
  payoutSharePct: share,
  paymentRule: 'binary',
  minAchievementPct: '',
});

/** The fields of the i-th milestone of the draft form. */
export function MilestoneFields({
  m,
  i,
  setM,
  onRemove,
}: {
  m: MilestoneForm;
  i: number;
  setM: (i: number, k: keyof MilestoneForm, v: string) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="card milestone-form">
      <legend>
        {t('campaign.milestone')} {i + 1}
      </legend>
      <Field label={t('promoter.mTitle')}>
        {(p) => <input {...p} name={`m${i}-title`} value={m.title} onChange={(e) => setM(i, 'title', e.target.value)} />}
      </Field>
      <Field label={t('promoter.indicator')}>
        {(p) => <input {...p} name={`m${i}-indicator`} value={m.indicator} onChange={(e) => setM(i, 'indicator', e.target.value)} />}
      </Field>
      <Field label={t('promoter.unit')}>{(p) => <input {...p} name={`m${i}-unit`} value={m.unit} onChange={(e) => setM(i, 'unit', e.target.value)} />}</Field>
      <Field label={t('promoter.baseline')}>
        {(p) => <input {...p} name={`m${i}-baseline`} inputMode="decimal" value={m.baseline} onChange={(e) => setM(i, 'baseline', e.target.value)} />}
      </Field>
      <Field label={t('promoter.target')}>
        {(p) => <input {...p} name={`m${i}-target`} inputMode="decimal" value={m.target} onChange={(e) => setM(i, 'target', e.target.value)} />}
      </Field>
      <Field label={t('promoter.dueAt')}>
        {(p) => <input {...p} type="date" name={`m${i}-dueAt`} value={m.dueAt} onChange={(e) => setM(i, 'dueAt', e.target.value)} />}
      </Field>
      <Field label={t('promoter.payoutShare')}>
        {(p) => <input {...p} name={`m${i}-share`} inputMode="numeric" value={m.payoutSharePct} onChange={(e) => setM(i, 'payoutSharePct', e.target.value)} />}
      </Field>
      <Field label={t('promoter.paymentRule')}>
        {(p) => (
          <select {...p} name={`m${i}-rule`} value={m.paymentRule} onChange={(e) => setM(i, 'paymentRule', e.target.value)}>
            <option value="binary">{t('promoter.binary')}</option>
            <option value="proportional">{t('promoter.proportional')}</option>
          </select>
        )}
      </Field>
      {m.paymentRule === 'proportional' && (
        <Field label={t('promoter.minAchievement')}>
          {(p) => (
            <input {...p} name={`m${i}-min`} inputMode="numeric" value={m.minAchievementPct} onChange={(e) => setM(i, 'minAchievementPct', e.target.value)} />
          )}
        </Field>
      )}
      <button type="button" onClick={onRemove}>
        {t('promoter.removeMilestone', { n: i + 1 })}
      </button>
    </fieldset>
  );
}
