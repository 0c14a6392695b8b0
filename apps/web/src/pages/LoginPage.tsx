import { FormEvent, ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorNote, Field, Loading } from '../components';
import { Role, ROLES, useSession } from '../session';

export function LoginPage({ wanted }: { wanted?: string[] }) {
  const { t } = useTranslation();
  const { config, devLogin, oidcLogin } = useSession();
  const navigate = useNavigate();
  const [sub, setSub] = useState('');
  const [roles, setRoles] = useState<Role[]>(wanted?.filter((r): r is Role => ROLES.includes(r as Role)).slice(0, 1) ?? ['citizen']);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (!config) return <Loading />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (roles.length === 0) return setError(new Error(t('login.chooseRole')));
    setBusy(true);
    try {
      await devLogin(sub.trim(), roles);
      // The first page of the first role that has one, in this order (a citizen starts on the campaigns list).
      const home = roles.includes('citizen') ? '/' : roles.includes('promoter') ? '/promoter' : roles.includes('funder') ? '/funder' : null;
      if (!wanted) navigate(home ?? (roles.includes('verifier') ? '/verifier' : '/'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="narrow">
      <h1>{t('login.title')}</h1>
      {config.oidc && (
        <p>
          <button type="button" className="primary" onClick={() => void oidcLogin().catch(setError)}>
            {t('login.oidc')}
          </button>
        </p>
      )}
      {config.devTokens && (
        <form onSubmit={submit} className="card">
          <p>{t('login.devIntro')}</p>
          <Field label={t('login.name')} hint={t('login.nameHint')}>
            {(p) => (
              <input
                {...p}
                name="sub"
                required
                pattern="[A-Za-z0-9._:@\-]{1,64}"
                autoComplete="username"
                value={sub}
                onChange={(e) => setSub(e.target.value)}
              />
            )}
          </Field>
          <fieldset>
            <legend>{t('login.roles')}</legend>
            {ROLES.map((r) => (
              <label key={r} className="check">
                <input
                  type="checkbox"
                  name="roles"
                  value={r}
                  checked={roles.includes(r)}
                  onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))}
                />
                {t(`roles.${r}`)}
              </label>
            ))}
          </fieldset>
          <ErrorNote error={error} />
          <button type="submit" className="primary" disabled={busy}>
            {t('login.submit')}
          </button>
        </form>
      )}
      {!config.oidc && !config.devTokens && <p>{t('login.noMethod')}</p>}
    </section>
  );
}

/** Pages for a role show the login form to anyone else. */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { user } = useSession();
  if (!user || !user.roles.some((r) => roles.includes(r))) return <LoginPage wanted={roles} />;
  return <>{children}</>;
}
