import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import { loadStripe, Stripe } from '@stripe/stripe-js';
import { FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, Pledge } from '../api';
import { ErrorNote, useMoney } from '../components';

const loaded = new Map<string, Promise<Stripe | null>>();

/** Stripe's Payment Element for a pledge's PaymentIntent; the webhook confirms the pledge. */
export default function StripePayment({ publishableKey, pledge, onSettled }: { publishableKey: string; pledge: Pledge; onSettled: (p: Pledge) => void }) {
  const { i18n } = useTranslation();
  if (!loaded.has(publishableKey)) loaded.set(publishableKey, loadStripe(publishableKey));
  return (
    <Elements stripe={loaded.get(publishableKey)!} options={{ clientSecret: pledge.payment.clientSecret!, locale: i18n.language === 'it' ? 'it' : 'en' }}>
      <StripeForm pledge={pledge} onSettled={onSettled} />
    </Elements>
  );
}

function StripeForm({ pledge, onSettled }: { pledge: Pledge; onSettled: (p: Pledge) => void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const stripe = useStripe();
  const elements = useElements();
  const [error, setError] = useState<unknown>(null);
  const [waiting, setWaiting] = useState(false);

  // The pledge is confirmed by Stripe's webhook: follow it until it settles.
  useEffect(() => {
    if (!waiting) return;
    let live = true;
    const poll = async () => {
      for (let i = 0; live && i < 60; i++) {
        const p = await api<Pledge>(`/pledges/${pledge.id}`);
        if (p.status !== 'requires_payment') return live && onSettled(p);
        await new Promise((r) => window.setTimeout(r, 1000));
      }
    };
    poll().catch(setError);
    return () => {
      live = false;
    };
  }, [waiting, pledge.id, onSettled]);

  const pay = async (e: FormEvent) => {
    e.preventDefault();
    if (!stripe || !elements) return;
    setError(null);
    const result = await stripe.confirmPayment({ elements, redirect: 'if_required', confirmParams: { return_url: location.href } });
    if (result.error) setError(new Error(result.error.message ?? 'payment failed'));
    else setWaiting(true);
  };

  return (
    <form onSubmit={pay}>
      <h3>{t('pledge.payTitle', { amount: money(pledge.amount, pledge.currency) })}</h3>
      {!stripe && <p role="status">{t('pledge.stripeLoading')}</p>}
      <PaymentElement />
      <ErrorNote error={error} />
      {waiting ? (
        <p role="status">{t('pledge.stripeWaiting')}</p>
      ) : (
        <button type="submit" className="primary" disabled={!stripe}>
          {t('pledge.pay')}
        </button>
      )}
    </form>
  );
}
