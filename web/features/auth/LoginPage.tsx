import { useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import type { z } from 'zod';
import type { loginBody } from '../../../shared/contracts/identity';
import type { Locale } from '../../../shared/i18n';
import { api, ApiError } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { signedIn } from '../../lib/sign-in-hooks';
import './login.css';

/** Whether React has the form: false in the build's rendering and while React takes it over. */
const noChange = () => () => {};
const isClient = () => true;
const isServer = () => false;

/**
 * The login page: the first screen of a fresh phone, so it is plain HTML with a few lines of CSS
 * rather than antd (whose runtime would be most of what a slow network brings before the form
 * shows). It looks like the antd pages that follow it. The build renders it into `login.html`
 * (web/prerender.tsx), which the server sends for /login, so the form shows with the page; the
 * form says `data-ready` once React has it; until then its button is disabled, so a press does
 * nothing (the form would go out as a GET with the password in the address), and what is typed
 * stays (the inputs are uncontrolled and read on submit).
 */
export function LoginPage() {
  const { t, locale, setLocale } = useI18n();
  const [alreadyIn, setAlreadyIn] = useState(false);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const navigate = useNavigate();
  const location = useLocation();
  const [needsOrg, setNeedsOrg] = useState(false);
  const [missing, setMissing] = useState<string[]>([]);
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  // False when rendered at build time and while React takes that markup over (login.html), so the
  // first render matches it; true as soon as React has the form, and at once when React draws it.
  const ready = useSyncExternalStore(noChange, isClient, isServer);

  // Someone already signed in goes where they were going. Plain fetches rather than the query
  // cache: TanStack Query comes with the first page behind the login (web/app/themed.tsx).
  useEffect(() => {
    let live = true;
    api<unknown>('GET', '/api/v1/auth/me').then(
      (me) => live && me && setAlreadyIn(true),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);

  if (alreadyIn) return <Navigate to={from} replace />;

  const error = failure instanceof ApiError ? (failure.problem.detail ?? failure.problem.title) : failure ? t('login.failed') : null;

  const signIn = async (body: z.input<typeof loginBody>) => {
    setPending(true);
    setFailure(null);
    try {
      await api<{ token: string }>('POST', '/api/v1/auth/login', { body });
      await signedIn();
      navigate(from, { replace: true });
    } catch (e) {
      setFailure(e);
      if (e instanceof ApiError && e.code === 'ORGANISATION_REQUIRED') setNeedsOrg(true);
    } finally {
      setPending(false);
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const values = {
      username: String(data.get('username') ?? '').trim(),
      password: String(data.get('password') ?? ''),
      ...(needsOrg ? { organisation: String(data.get('organisation') ?? '').trim() } : {}),
    };
    const empty = Object.entries(values).filter(([, v]) => v === '').map(([k]) => k);
    setMissing(empty);
    if (empty.length) return;
    void signIn(values);
  };

  const field = (name: 'username' | 'password' | 'organisation', label: string, props: { type?: string; autoComplete?: string; autoFocus?: boolean }) => (
    <div className={`login-field${missing.includes(name) ? ' login-field-invalid' : ''}`}>
      <label htmlFor={name}>{label}</label>
      <input id={name} name={name} type={props.type ?? 'text'} autoComplete={props.autoComplete} autoFocus={props.autoFocus} aria-invalid={missing.includes(name)} aria-required />
      {missing.includes(name) && <div className="login-field-error">{t('login.required')}</div>}
    </div>
  );

  return (
    <div className="login-page">
      <main className="login-card">
        <div className="login-head">
          <h1>{t('app.name')}</h1>
          <div className="login-locale" role="radiogroup">
            {(['zh-CN', 'en-US'] as Locale[]).map((option) => (
              <button key={option} type="button" role="radio" aria-checked={locale === option} className={locale === option ? 'active' : ''} onClick={() => setLocale(option)}>
                {option === 'zh-CN' ? '中文' : 'EN'}
              </button>
            ))}
          </div>
        </div>
        <p className="login-subtitle">{t('login.subtitle')}</p>
        {error && (
          <div className="login-error" role="alert">
            {error}
          </div>
        )}
        <form onSubmit={submit} noValidate data-ready={ready || undefined}>
          {field('username', t('login.username'), { autoComplete: 'username', autoFocus: true })}
          {field('password', t('login.password'), { type: 'password', autoComplete: 'current-password' })}
          {needsOrg && field('organisation', t('login.organisation'), {})}
          <button type="submit" className="login-submit" disabled={!ready || pending}>
            {t('login.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
