import { FormEvent, lazy, ReactNode, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError, Campaign, CreatedPledge, newIdempotencyKey, Pledge, post, Quote } from '../api';
import { ErrorNote, Field, Loading, Notice, useMoney } from '../components';
import { parseCents } from '../money';
import { useSession } from '../session';
import { SandboxCard } from './SandboxCard';

// Stripe.js is loaded only when the deployment pays with Stripe.
const StripePayment = lazy(() => import('./StripePayment'));

type Step = { kind: 'form' } | { kind: 'pay'; pledge: Pledge } | { kind: 'done'; pledge: Pledge };

/** The pledge card when no pledge can be made here: the campaign is not live, or the visitor is not a logged-in citizen. */
function PledgeClosed({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="card">
      <h2>{t('pledge.title')}</h2>
      <p>{children}</p>
    </section>
  );
}

export function PledgeForm({ campaign, onConfirmed }: { campaign: Campaign; onConfirmed: () => void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const { user, has, config } = useSession();
  const [amountText, setAmountText] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [message, setMessage] = useState('');
  const [quote, setQuote] = useState<{ cents: number; quote: Quote | null } | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const cents = parseCents(amountText);
  const amountError = amountText.trim() !== '' && (cents === null || cents <= 0) ? t('pledge.invalidAmount') : null;

  // Live quote, debounced: what this amount would attract from the funds right now.
  useEffect(() => {
    if (cents === null || cents <= 0) {
      setQuote(null);
      return;
    }
    let live = true;
    const timer = window.setTimeout(() => {
      api<Quote>(`/campaigns/${campaign.id}/match-quote?amount=${cents}`)
        .then((q) => live && setQuote({ cents, quote: q }))
        .catch(() => live && setQuote({ cents, quote: null }));
    }, 300);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [cents, campaign.id]);

  if (campaign.status !== 'live') return <PledgeClosed>{t('pledge.notLive')}</PledgeClosed>;
  if (!user || !has('citizen')) {
    return (
      <PledgeClosed>
        <Link to="/login">{t('pledge.loginFirst')}</Link>
      </PledgeClosed>
    );
  }

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (cents === null || cents <= 0) return setError(new Error(t('pledge.invalidAmount')));
    setBusy(true);
    try {
      // One key per attempt: a network retry of this request cannot create a second pledge.
      const pledge = await post<CreatedPledge>(
        '/pledges',
        {
          campaignId: campaign.id,
          amount: cents,
          currency: campaign.currency,
          anonymous,
          ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
          ...(message.trim() ? { message: message.trim() } : {}),
        },
        { 'Idempotency-Key': newIdempotencyKey() },
      );
      if (pledge.status === 'confirmed') {
        setStep({ kind: 'done', pledge });
        onConfirmed();
      } else setStep({ kind: 'pay', pledge });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const settled = (pledge: Pledge) => {
    if (pledge.status === 'confirmed') {
      setStep({ kind: 'done', pledge });
      onConfirmed();
    } else {
      setError(new ApiError(402, 'PAYMENT_FAILED', t('pledge.declined', { reason: pledge.failureReason ?? pledge.status })));
      setStep({ kind: 'form' });
    }
  };

  const q = quote && quote.cents === cents ? quote.quote : null;
  return (
    <section className="card pledge" aria-labelledby="pledge-h">
      <h2 id="pledge-h">{t('pledge.title')}</h2>
      {step.kind === 'form' && (
        <form onSubmit={create} noValidate>
          <Field label={t('pledge.amount')} hint={t('pledge.amountHint')} error={amountError}>
            {(p) => (
              <input {...p} name="amount" inputMode="decimal" autoComplete="off" required value={amountText} onChange={(e) => setAmountText(e.target.value)} />
            )}
          </Field>
          <p className="quote" aria-live="polite" data-testid="quote">
            {cents !== null &&
              cents > 0 &&
              (quote?.cents !== cents
                ? t('pledge.quoting')
                : q && q.amount > 0
                  ? t('pledge.quote', { amount: money(cents, campaign.currency), total: money(cents + q.amount, campaign.currency) })
                  : t('pledge.noMatch'))}
          </p>
          <Field label={t('pledge.displayName')}>
            {(p) => (
              <input {...p} name="displayName" maxLength={80} disabled={anonymous} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
            )}
          </Field>
          <label className="check">
            <input type="checkbox" name="anonymous" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} /> {t('pledge.anonymous')}
          </label>
          <Field label={t('pledge.message')}>
            {(p) => <textarea {...p} name="message" maxLength={500} rows={2} value={message} onChange={(e) => setMessage(e.target.value)} />}
          </Field>
          <ErrorNote error={error} />
          <button type="submit" className="primary" disabled={busy}>
            {t('pledge.submit')}
          </button>
        </form>
      )}
      {step.kind === 'pay' &&
        (step.pledge.payment.provider === 'stripe' && step.pledge.payment.clientSecret && config?.payments.stripePublishableKey ? (
          <Suspense fallback={<Loading />}>
            <StripePayment publishableKey={config.payments.stripePublishableKey} pledge={step.pledge} onSettled={settled} />
          </Suspense>
        ) : (
          <SandboxCard pledge={step.pledge} onSettled={settled} />
        ))}
      {step.kind === 'done' && (
        <>
          <Notice>{t('pledge.thanks', { amount: money(step.pledge.amount, step.pledge.currency) })}</Notice>
          <p>
            <Link to="/me/pledges">{t('nav.myPledges')}</Link>{' '}
            <button
              type="button"
              onClick={() => {
                setAmountText('');
                setStep({ kind: 'form' });
              }}
            >
              {t('pledge.another')}
            </button>
          </p>
        </>
      )}
    </section>
  );
}
