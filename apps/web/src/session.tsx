import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, ClientConfig, DevToken, post, setApiToken } from './api';

export type Role = 'citizen' | 'promoter' | 'funder' | 'verifier' | 'admin';
export const ROLES: Role[] = ['citizen', 'promoter', 'funder', 'verifier', 'admin'];

export interface User {
  sub: string;
  roles: Role[];
}

interface Session {
  config: ClientConfig | null;
  user: User | null;
  has(role: Role): boolean;
  devLogin(sub: string, roles: Role[]): Promise<void>;
  oidcLogin(): Promise<void>;
  logout(): void;
}

const SessionContext = createContext<Session | null>(null);
const STORAGE = 'civic.session';

/** The JWT's claims, read only to show who is logged in; the API verifies the token itself. */
function claims(token: string): { sub?: string; roles?: unknown; exp?: number } {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0)))) as { sub?: string; roles?: unknown; exp?: number };
  } catch {
    return {};
  }
}

function userOf(token: string): User | null {
  const c = claims(token);
  if (!c.sub || (c.exp !== undefined && c.exp * 1000 < Date.now())) return null;
  const roles = Array.isArray(c.roles) ? c.roles.filter((r): r is Role => ROLES.includes(r as Role)) : [];
  return { sub: c.sub, roles };
}

function restore(): { token: string; user: User } | null {
  const token = sessionStorage.getItem(STORAGE) ?? localStorage.getItem(STORAGE);
  const user = token ? userOf(token) : null;
  return token && user ? { token, user } : null;
}

// ---- OIDC: authorization code flow with PKCE (a public client), redirect back to `/` ----

const b64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

async function discovery(issuer: string): Promise<{ authorization_endpoint: string; token_endpoint: string }> {
  const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!res.ok) throw new Error(`OIDC discovery failed (${res.status})`);
  return res.json() as Promise<{ authorization_endpoint: string; token_endpoint: string }>;
}

async function startOidc(config: NonNullable<ClientConfig['oidc']>): Promise<void> {
  const { authorization_endpoint } = await discovery(config.issuer);
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem('civic.oidc', JSON.stringify({ verifier, state, back: location.hash }));
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: `${location.origin}/`,
    scope: 'openid profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(config.audience ? { audience: config.audience } : {}),
  }).toString();
  location.assign(url.toString());
}

/** Back from the issuer with ?code&state: exchange the code for tokens, then clean the URL. */
async function finishOidc(config: NonNullable<ClientConfig['oidc']>): Promise<string | null> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const saved = sessionStorage.getItem('civic.oidc');
  if (!code || !saved) return null;
  sessionStorage.removeItem('civic.oidc');
  const { verifier, state, back } = JSON.parse(saved) as { verifier: string; state: string; back: string };
  history.replaceState(null, '', `/${back || '#/'}`);
  if (params.get('state') !== state) throw new Error('OIDC state mismatch');
  const { token_endpoint } = await discovery(config.issuer);
  const res = await fetch(token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: `${location.origin}/`,
      client_id: config.clientId,
      code_verifier: verifier,
    }),
  });
  if (!res.ok) throw new Error(`OIDC token exchange failed (${res.status})`);
  const tokens = (await res.json()) as { access_token?: string };
  return tokens.access_token ?? null;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [config, setConfig] = useState<ClientConfig | null>(null);
  const [session, setSession] = useState(() => {
    const s = restore();
    setApiToken(s?.token ?? null);
    return s;
  });

  const adopt = useCallback((token: string) => {
    const user = userOf(token);
    if (!user) throw new Error('the token has no subject');
    sessionStorage.setItem(STORAGE, token);
    setApiToken(token);
    setSession({ token, user });
  }, []);

  useEffect(() => {
    api<ClientConfig>('/auth/config')
      .then(async (c) => {
        setConfig(c);
        if (c.oidc) {
          const token = await finishOidc(c.oidc);
          if (token) adopt(token);
        }
      })
      .catch(() => setConfig({ devTokens: false, oidc: null, payments: { provider: 'sandbox', stripePublishableKey: null } }));
  }, [adopt]);

  const value = useMemo<Session>(
    () => ({
      config,
      user: session?.user ?? null,
      has: (role) => Boolean(session?.user.roles.includes(role)),
      async devLogin(sub, roles) {
        const { token } = await post<DevToken>('/auth/dev-token', { sub, roles });
        adopt(token);
      },
      async oidcLogin() {
        if (config?.oidc) await startOidc(config.oidc);
      },
      logout() {
        sessionStorage.removeItem(STORAGE);
        localStorage.removeItem(STORAGE);
        setApiToken(null);
        setSession(null);
      },
    }),
    [config, session, adopt],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
