import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { HashRouter, Link, NavLink, Route, Routes, useLocation } from 'react-router';
import { Language, LANGUAGES, setLanguage } from './i18n';
import { CampaignPage } from './pages/CampaignPage';
import { CampaignsPage } from './pages/CampaignsPage';
import { FunderPage } from './pages/funder/FunderPage';
import { LoginPage } from './pages/LoginPage';
import { MyPledgesPage } from './pages/MyPledgesPage';
import { ManageCampaignPage } from './pages/promoter/ManageCampaignPage';
import { NewCampaignPage } from './pages/promoter/NewCampaignPage';
import { PromoterPage } from './pages/promoter/PromoterPage';
import { TransparencyPage } from './pages/TransparencyPage';
import { VerifierPage } from './pages/VerifierPage';
import { SessionProvider, useSession } from './session';

export function App() {
  return (
    <SessionProvider>
      <HashRouter>
        <Layout />
      </HashRouter>
    </SessionProvider>
  );
}

function Layout() {
  const { t, i18n } = useTranslation();
  const { user, has, logout } = useSession();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const shown = useRef(location.pathname);

  // On navigation (not on the first load), move focus to the new page's content, so keyboard and
  // screen reader users start there.
  useEffect(() => {
    if (shown.current === location.pathname) return;
    shown.current = location.pathname;
    main.current?.focus();
  }, [location.pathname]);

  return (
    <>
      <a
        className="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          main.current?.focus();
        }}
      >
        {t('app.skip')}
      </a>
      <header className="top">
        <div className="bar">
          <Link to="/" className="brand">
            {t('app.name')}
          </Link>
          <div className="lang" role="group" aria-label={t('app.language')}>
            {LANGUAGES.map((l: Language) => (
              <button key={l} type="button" lang={l} aria-pressed={i18n.language === l} onClick={() => setLanguage(l)}>
                {l.toUpperCase()}
              </button>
            ))}
          </div>
        </div>
        <nav aria-label={t('nav.main')}>
          <ul>
            <li>
              <NavLink to="/" end>
                {t('nav.campaigns')}
              </NavLink>
            </li>
            {has('citizen') && (
              <li>
                <NavLink to="/me/pledges">{t('nav.myPledges')}</NavLink>
              </li>
            )}
            {has('promoter') && (
              <li>
                <NavLink to="/promoter">{t('nav.promoter')}</NavLink>
              </li>
            )}
            {(has('funder') || has('admin')) && (
              <li>
                <NavLink to="/funder">{t('nav.funder')}</NavLink>
              </li>
            )}
            {(has('verifier') || has('admin')) && (
              <li>
                <NavLink to="/verifier">{t('nav.verifier')}</NavLink>
              </li>
            )}
            <li>
              <NavLink to="/transparency">{t('nav.transparency')}</NavLink>
            </li>
            {user ? (
              <li className="who">
                <span>{t('nav.signedInAs', { name: user.sub })}</span>{' '}
                <button type="button" className="link" onClick={logout}>
                  {t('nav.logout')}
                </button>
              </li>
            ) : (
              <li>
                <NavLink to="/login">{t('nav.login')}</NavLink>
              </li>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Routes>
          <Route path="/" element={<CampaignsPage />} />
          <Route path="/campaigns/:id" element={<CampaignPage />} />
          <Route path="/login" element={<LoginPage />} />
          <Route path="/me/pledges" element={<MyPledgesPage />} />
          <Route path="/promoter" element={<PromoterPage />} />
          <Route path="/promoter/new" element={<NewCampaignPage />} />
          <Route path="/promoter/campaigns/:id" element={<ManageCampaignPage />} />
          <Route path="/funder" element={<FunderPage />} />
          <Route path="/verifier" element={<VerifierPage />} />
          <Route path="/transparency" element={<TransparencyPage />} />
          <Route path="*" element={<CampaignsPage />} />
        </Routes>
      </main>
      <footer className="foot">
        <p>
          {t('app.footer')} <Link to="/transparency">{t('nav.transparency')}</Link> · <a href="/docs">API</a>
        </p>
      </footer>
    </>
  );
}
