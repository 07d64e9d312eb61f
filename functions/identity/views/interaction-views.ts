/**
 * The e-ID sign-in pages, server-rendered HTML without scripts: the document language is set, every field has a
 * label and a hint, errors are summarised at the top (focused, announced) and marked on the field, and focus
 * starts where the person has to act. Styles come from one stylesheet so the CSP can forbid inline code.
 */
import {
  type CodeNotice,
  type InteractionViews,
  type Language,
  type LoginNotice,
  STYLESHEET_PATH,
} from '../../../shared/identity/oidc/interactions.ts';
import { codeSent, invalidCredentials, levelTooLow, locked, scopeText, t, wrongCode } from './messages.ts';
import { STYLESHEET } from './stylesheet.ts';

/** Escapes text for HTML element content and quoted attribute values. */
export const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"'`=]/g,
    (char) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;', '=': '&#61;' })[char] ??
      char,
  );

const other = (lang: Language): Language => (lang === 'vi' ? 'en' : 'vi');

const layout = (options: { lang: Language; title: string; body: string; switchHref?: string }) => {
  const { lang } = options;
  const switcher = options.switchHref
    ? `<a href="${escapeHtml(options.switchHref)}" lang="${other(lang)}" hreflang="${other(lang)}">${t('otherLanguage', lang)}</a>`
    : '';
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${escapeHtml(options.title)} – ${t('service', lang)}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<a class="skip" href="#main">${t('skipToContent', lang)}</a>
<header><span>${t('service', lang)}</span>${switcher}</header>
<main id="main">
${options.body}
</main>
</body>
</html>`;
};

const hidden = (name: string, value: string) =>
  `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;

/** An error box that takes focus when the page loads, so screen readers announce it first. */
const errorSummary = (lang: Language, message: string) =>
  `<div class="notice" role="alert" tabindex="-1" autofocus aria-labelledby="error-title">
<h2 id="error-title">${t('errorSummary', lang)}</h2>
<p>${escapeHtml(message)}</p>
</div>`;

const loginNoticeText = (notice: LoginNotice, clientName: string, lang: Language): string => {
  switch (notice.kind) {
    case 'invalid-credentials':
      return invalidCredentials(notice.attemptsLeft, lang);
    case 'locked':
      return locked(notice.lockedUntil, lang);
    case 'unavailable':
      return t('unavailable', lang);
    case 'level-too-low':
      return levelTooLow(clientName, notice.level, notice.required, lang);
    case 'missing-fields':
      return t('missingFields', lang);
    case 'code-expired':
      return t('codeExpired', lang);
    case 'code-exhausted':
      return t('codeExhausted', lang);
    default:
      return t('codeMissing', lang);
  }
};

const abortForm = (uid: string, lang: Language, label: string, reason?: string) =>
  `<form method="post" action="/oidc/interaction/${escapeHtml(uid)}/abort">
${hidden('lang', lang)}${reason ? hidden('reason', reason) : ''}
<button type="submit" class="secondary">${escapeHtml(label)}</button>
</form>`;

const codeNoticeText = (notice: CodeNotice, lang: Language) =>
  notice.kind === 'wrong' ? wrongCode(notice.attemptsLeft, lang) : t('codeMissingInput', lang);

/** The pages the provider's interaction routes render. */
export const interactionViews: InteractionViews = {
  stylesheet: STYLESHEET,

  login({ lang, uid, clientName, pin, notice, requiredLevel }) {
    const credentialsWrong = notice?.kind === 'invalid-credentials' || notice?.kind === 'missing-fields';
    const levelProblem = notice?.kind === 'level-too-low';
    const focusField = notice ? '' : ' autofocus';
    const body = `<h1>${t('loginTitle', lang)}</h1>
<p class="lead">${t('continueTo', lang)} <strong>${escapeHtml(clientName)}</strong></p>
${requiredLevel === 2 && !levelProblem ? `<p class="info">${t('levelRequired', lang)}</p>` : ''}
${notice ? errorSummary(lang, loginNoticeText(notice, clientName, lang)) : ''}
<form method="post" action="/oidc/interaction/${escapeHtml(uid)}/login" novalidate>
${hidden('lang', lang)}
<label for="pin">${t('pinLabel', lang)}</label>
<p class="hint" id="pin-hint">${t('pinHint', lang)}</p>
<input type="text" id="pin" name="pin" inputmode="numeric" autocomplete="username" spellcheck="false" maxlength="20"
 aria-describedby="pin-hint" value="${escapeHtml(pin ?? '')}"${credentialsWrong ? ' aria-invalid="true"' : ''}${focusField}>
<label for="password">${t('passwordLabel', lang)}</label>
<input type="password" id="password" name="password" autocomplete="current-password"${credentialsWrong ? ' aria-invalid="true"' : ''}>
<div class="actions"><button type="submit">${t('continue', lang)}</button></div>
</form>
${abortForm(uid, lang, `${t('backTo', lang)} ${clientName}`, levelProblem ? 'level' : undefined)}`;
    return layout({
      lang,
      title: t('loginTitle', lang),
      body,
      switchHref: `/oidc/interaction/${uid}?lang=${other(lang)}`,
    });
  },

  oneTimeCode({ lang, uid, clientName, notice, validMinutes, maskedPin }) {
    const body = `<h1>${t('codeTitle', lang)}</h1>
<p class="lead">${t('continueTo', lang)} <strong>${escapeHtml(clientName)}</strong></p>
${notice ? errorSummary(lang, codeNoticeText(notice, lang)) : ''}
<p id="code-hint">${escapeHtml(codeSent(maskedPin, validMinutes, lang))}</p>
<form method="post" action="/oidc/interaction/${escapeHtml(uid)}/otp" novalidate>
${hidden('lang', lang)}
<label for="code">${t('codeLabel', lang)}</label>
<input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" spellcheck="false"
 aria-describedby="code-hint"${notice ? ' aria-invalid="true"' : ' autofocus'}>
<div class="actions"><button type="submit">${t('confirm', lang)}</button></div>
</form>
<p><a href="/oidc/interaction/${escapeHtml(uid)}?lang=${lang}">${t('noCode', lang)}</a></p>`;
    return layout({
      lang,
      title: t('codeTitle', lang),
      body,
      switchHref: `/oidc/interaction/${uid}/otp?lang=${other(lang)}`,
    });
  },

  consent({ lang, uid, clientName, scopes, deviceApp }) {
    const items = [t('consentSignIn', lang), ...scopes.map((scope) => scopeText(scope, lang))];
    const body = `<h1>${t('consentTitle', lang)}</h1>
${deviceApp ? `<p class="info">${t('consentDeviceApp', lang)}</p>` : ''}
<p><strong>${escapeHtml(clientName)}</strong> ${t('consentWants', lang)}</p>
<ul class="scopes">${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>
<div class="actions">
<form method="post" action="/oidc/interaction/${escapeHtml(uid)}/consent">
${hidden('lang', lang)}<button type="submit" autofocus>${t('allow', lang)}</button>
</form>
${abortForm(uid, lang, t('deny', lang))}
</div>`;
    return layout({
      lang,
      title: t('consentTitle', lang),
      body,
      switchHref: `/oidc/interaction/${uid}?lang=${other(lang)}`,
    });
  },

  interactionGone({ lang }) {
    return layout({
      lang,
      title: t('goneTitle', lang),
      body: `<h1>${t('goneTitle', lang)}</h1>\n<p>${t('gone', lang)}</p>`,
    });
  },

  logout({ lang, form, clientName }) {
    const body = `<h1>${t('logoutTitle', lang)}</h1>
<p>${t('logoutQuestion', lang)}</p>
${clientName ? `<p class="lead">${escapeHtml(clientName)}</p>` : ''}
${form}
<div class="actions">
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>${t('logoutYes', lang)}</button>
<button type="submit" form="op.logoutForm" class="secondary">${t('logoutNo', lang)}</button>
</div>`;
    return layout({ lang, title: t('logoutTitle', lang), body });
  },

  loggedOut({ lang }) {
    return layout({
      lang,
      title: t('loggedOutTitle', lang),
      body: `<h1>${t('loggedOutTitle', lang)}</h1>\n<p>${t('loggedOut', lang)}</p>`,
    });
  },

  setPassword({ lang, token, rejected }) {
    const body = `<h1>${t('setPasswordTitle', lang)}</h1>
<p class="lead">${t('setPasswordLead', lang)}</p>
${rejected ? errorSummary(lang, t('setPasswordRejected', lang)) : ''}
<form method="post" action="/oidc/set-password" novalidate>
${hidden('lang', lang)}${hidden('token', token)}
<label for="password">${t('newPasswordLabel', lang)}</label>
<p class="hint" id="password-hint">${t('passwordRules', lang)}</p>
<input type="password" id="password" name="password" autocomplete="new-password" aria-describedby="password-hint"${rejected ? ' aria-invalid="true"' : ' autofocus'}>
<label for="confirmation">${t('confirmationLabel', lang)}</label>
<input type="password" id="confirmation" name="confirmation" autocomplete="new-password"${rejected ? ' aria-invalid="true"' : ''}>
<div class="actions"><button type="submit">${t('setPasswordButton', lang)}</button></div>
</form>`;
    return layout({
      lang,
      title: t('setPasswordTitle', lang),
      body,
      switchHref: `/oidc/set-password?token=${encodeURIComponent(token)}&lang=${other(lang)}`,
    });
  },

  passwordSet({ lang }) {
    return layout({
      lang,
      title: t('passwordSetTitle', lang),
      body: `<h1>${t('passwordSetTitle', lang)}</h1>\n<p>${t('passwordSet', lang)}</p>`,
    });
  },

  passwordLinkGone({ lang }) {
    return layout({
      lang,
      title: t('passwordLinkGoneTitle', lang),
      body: `<h1>${t('passwordLinkGoneTitle', lang)}</h1>\n<p>${t('passwordLinkGone', lang)}</p>`,
    });
  },

  error({ lang, error, description }) {
    const message = error === 'server_error' ? t('errorServer', lang) : t('errorRequest', lang);
    const body = `<h1>${t('errorTitle', lang)}</h1>
<p>${message}</p>
<details><summary>${t('technicalDetails', lang)}</summary>
<p><code>${escapeHtml(error)}</code>${description ? `: ${escapeHtml(description)}` : ''}</p></details>`;
    return layout({ lang, title: t('errorTitle', lang), body });
  },
};
