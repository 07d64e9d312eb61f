/** A reference page over the API's OpenAPI document (GET /v1/openapi.json), generated from the zod schemas. */
import { api } from '../api/client.ts';
import { Show, useResource } from '../components/status.tsx';
import { TableScroll } from '../components/table-scroll.tsx';
import { useI18n } from '../i18n/i18n.ts';

interface Operation {
  readonly summary?: string;
  readonly description?: string;
  readonly security?: readonly unknown[];
}
interface OpenApi {
  readonly info: { readonly title: string; readonly version: string; readonly description?: string };
  readonly paths: Record<string, Record<string, Operation>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export const ApiDocsPage = () => {
  const { t } = useI18n();
  const doc = useResource(async () => (await api<OpenApi>('/v1/openapi.json', { auth: false })).body, []);
  return (
    <>
      <h1>{t('apiDocs.title')}</h1>
      <p>{t('apiDocs.intro')}</p>
      <p>
        <a href="/v1/openapi.json" download="openapi.json">
          {t('apiDocs.download')}
        </a>
      </p>
      <Show resource={doc}>
        {(openapi) => (
          <>
            <p>
              <strong>{openapi.info.title}</strong> {openapi.info.version}
            </p>
            <TableScroll>
              <table>
                <tbody>
                  {Object.entries(openapi.paths).flatMap(([path, operations]) =>
                    Object.entries(operations)
                      .filter(([method]) => METHODS.includes(method))
                      .map(([method, op]) => (
                        <tr key={`${method} ${path}`}>
                          <td>
                            <code class={`method method--${method}`}>{method.toUpperCase()}</code>
                          </td>
                          <td>
                            <code>{path}</code>
                          </td>
                          <td>{op.summary ?? op.description ?? ''}</td>
                          <td>
                            {op.security && op.security.length === 0
                              ? t('apiDocs.public')
                              : op.security
                                ? t('apiDocs.auth')
                                : ''}
                          </td>
                        </tr>
                      )),
                  )}
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
      </Show>
    </>
  );
};
