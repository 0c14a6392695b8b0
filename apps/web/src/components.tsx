import { ReactNode, useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';
import { formatMoney } from './money';

/** Loads data with `load`, again whenever `deps` change or `reload()` is called. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | undefined; error: Error | undefined; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export function useMoney(): (cents: number, currency?: string) => string {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'it' ? 'it-IT' : 'en-GB';
  return (cents, currency = 'EUR') => formatMoney(cents, currency, locale);
}

export function useDate(): (iso: string | Date) => string {
  const { i18n } = useTranslation();
  const fmt = new Intl.DateTimeFormat(i18n.language === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'medium' });
  return (iso) => fmt.format(new Date(iso));
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="muted">
      {t('common.loading')}
    </p>
  );
}

export function ErrorNote({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const reasons = error instanceof ApiError ? error.reasons : [];
  return (
    <div role="alert" className="alert error">
      <p>{t('common.error', { message })}</p>
      {reasons.length > 1 && (
        <ul>
          {reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="alert ok">
      {children}
    </p>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}

/** A labelled form field: the label is tied to the control, hints and errors are announced with it. */
export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: string;
  error?: string | null;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {hint && (
        <small id={hintId} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={errorId} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

/** Crowd and match as two separate segments of one bar, with a text equivalent. */
export function ProgressBar({ pledged, matched, goal, currency }: { pledged: number; matched: number; goal: number; currency: string }) {
  const { t } = useTranslation();
  const money = useMoney();
  const total = Math.max(goal, pledged + matched, 1);
  // widths are display-only percentages of the bar, never money
  const crowdPct = (pledged * 100) / total;
  const matchPct = (matched * 100) / total;
  const label = t('campaign.progressLabel', { crowd: money(pledged, currency), match: money(matched, currency), goal: money(goal, currency) });
  return (
    <div className="progress-wrap">
      <div className="progress" role="img" aria-label={label} data-pledged={pledged} data-matched={matched}>
        <span className="seg crowd" style={{ width: `${crowdPct}%` }} />
        <span className="seg match" style={{ width: `${matchPct}%` }} />
      </div>
      <p className="legend">
        <span className="key crowd" aria-hidden="true" /> {t('campaign.crowd')}: <strong data-testid="pledged">{money(pledged, currency)}</strong>{' '}
        <span className="key match" aria-hidden="true" /> {t('campaign.match')}: <strong data-testid="matched">{money(matched, currency)}</strong>
      </p>
    </div>
  );
}

/** A table that scrolls sideways on a phone: column headers (false/empty ones left out), then the rows. */
export function DataTable({ headers, children }: { headers: (string | false | null | undefined)[]; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {headers.filter(Boolean).map((h) => (
              <th scope="col" key={h as string}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
