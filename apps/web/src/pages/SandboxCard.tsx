import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Pledge, post } from '../api';
import { ErrorNote, Field, useMoney } from '../components';

/** The sandbox provider: Stripe's test card numbers, confirmed by POST /pledges/:id/sandbox-confirm. */
export function SandboxCard({ pledge, onSettled }: { pledge: Pledge; onSettled: (p: Pledge) => void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const [card, setCard] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const pay = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSettled(await post<Pledge>(`/pledges/${pledge.id}/sandbox-confirm`, { cardNumber: card.replace(/[\s-]/g, '') }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <form onSubmit={pay}>
      <h3>{t('pledge.payTitle', { amount: money(pledge.amount, pledge.currency) })}</h3>
      <Field label={t('pledge.card')} hint={t('pledge.cardHint')}>
        {(p) => (
          <input
            {...p}
            name="cardNumber"
            inputMode="numeric"
            autoComplete="cc-number"
            required
            minLength={12}
            maxLength={23}
            value={card}
            onChange={(e) => setCard(e.target.value)}
          />
        )}
      </Field>
      <ErrorNote error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('pledge.paying') : t('pledge.pay')}
      </button>
    </form>
  );
}
