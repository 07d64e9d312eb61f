import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, NetworkError } from '../api/client.ts';
import { apiMessage } from '../i18n/api-messages.ts';
import { type Language, useI18n } from '../i18n/i18n.ts';

export const Loading = () => {
  const { t } = useI18n();
  return (
    <p class="loading" role="status">
      {t('app.loading')}
    </p>
  );
};

export const Alert = (props: {
  readonly kind: 'error' | 'success' | 'info' | 'warning';
  readonly children: ComponentChildren;
  /** So a field group can point at it (aria-describedby). */
  readonly id?: string;
}) => (
  <div id={props.id} class={`alert alert--${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
    {props.children}
  </div>
);

const ApiSentence = (props: { readonly message: string; readonly lang: Language }) => {
  const shown = apiMessage(props.message, props.lang);
  return <p lang={shown.lang}>{shown.text}</p>;
};

export const ErrorMessage = (props: { readonly error: unknown; readonly onRetry?: () => void }) => {
  const { t, lang } = useI18n();
  const error = props.error;
  // The headline says in the reader's language what kind of problem it is; the API's own sentence follows, in the
  // reader's language where the portal has it (api-messages.ts), in English otherwise.
  const headline =
    error instanceof NetworkError
      ? t('app.networkError')
      : error instanceof ApiError
        ? t(`errors.${error.status >= 500 ? 500 : error.status}`, { defaultValue: t('errors.other') })
        : t('app.error', { message: (error as Error)?.message ?? String(error) });
  return (
    <Alert kind="error">
      <p>
        <strong>{headline}</strong>
      </p>
      {error instanceof ApiError ? <ApiSentence message={error.message} lang={lang} /> : null}
      {props.onRetry ? (
        <button type="button" class="button button--secondary" onClick={props.onRetry}>
          {t('app.retry')}
        </button>
      ) : null}
    </Alert>
  );
};

export interface Resource<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** Loads data for a page; `reload` fetches it again (after a decision, say). */
export const useResource = <T,>(load: () => Promise<T>, deps: readonly unknown[]): Resource<T> => {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    // A reload keeps showing the data it replaces (no flicker while a page polls); an error replaces it.
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load().then(
      (data) => live && setState({ data, error: undefined, loading: false }),
      (error: unknown) => live && setState({ data: undefined, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
};

/** Renders loading, error or the data. */
export const Show = <T,>(props: {
  readonly resource: Resource<T>;
  readonly children: (data: T) => ComponentChildren;
}) => {
  if (props.resource.error) return <ErrorMessage error={props.resource.error} onRetry={props.resource.reload} />;
  if (props.resource.data === undefined) return <Loading />;
  return <>{props.children(props.resource.data)}</>;
};
