/**
 * Boot: read the deployment's config.json, point the API client and the e-ID session at it, complete a sign-in
 * redirect if this is one, then render. Nothing here needs a rebuild per environment.
 */
import { render } from 'preact';
import { setApiBaseUrl } from './api/client.ts';
import { App } from './app.tsx';
import { completeSignIn, initSession } from './auth/session.ts';
import { loadConfig } from './config.ts';
import { i18nReady } from './i18n/i18n.ts';
import './styles.css';

const root = document.getElementById('app') as HTMLElement;

const boot = async () => {
  const [config] = await Promise.all([loadConfig(), i18nReady]);
  setApiBaseUrl(config.apiBaseUrl);
  await initSession(config);
  if (location.pathname === '/portal/callback') {
    try {
      const returnTo = await completeSignIn(new URL(location.href));
      history.replaceState(null, '', returnTo.startsWith('/portal') ? returnTo : '/portal/');
    } catch (error) {
      history.replaceState(null, '', `/portal/callback?failed=${encodeURIComponent((error as Error).message)}`);
    }
  }
  root.textContent = '';
  render(<App />, root);
};

boot().catch((error: Error) => {
  root.textContent = `Không khởi động được cổng / The portal could not start: ${error.message}`;
});
