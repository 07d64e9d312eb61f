/** The catalogue of the 25 essential services (GET /v1/services); the ones online here start from it. */
import { api } from '../api/client.ts';
import type { ServiceEntry } from '../api/types.ts';
import { Show, useResource } from '../components/status.tsx';
import { formatMoney } from '../i18n/format.ts';
import { pick, useI18n } from '../i18n/i18n.ts';

/** Where the portal starts each service that is online here. */
const startPath = (service: ServiceEntry): string | undefined => {
  if (service.online !== 'full' || !service.start) return undefined;
  if (service.start.kind === 'group')
    return service.start.group === 'birth-group' ? '/portal/services/birth' : '/portal/services/death';
  if (service.start.kind === 'dossier') return `/portal/services/${service.slug}`;
  return service.start.path === '/v1/services/old-id-confirmations' ? '/portal/services/old-id' : undefined;
};

export const ServicesPage = () => {
  const { t, lang } = useI18n();
  const catalogue = useResource(
    async () => (await api<{ services: ServiceEntry[] }>('/v1/services', { auth: false })).body.services,
    [],
  );
  return (
    <>
      <h1>{t('services.title')}</h1>
      <p>{t('services.intro')}</p>
      <p>
        <a class="button button--secondary" href="/portal/services/residence-confirmation">
          {t('services.residenceConfirmation')}
        </a>
        <a class="button button--secondary" href="/portal/services/household-head">
          {t('services.householdHead')}
        </a>
        <a class="button button--secondary" href="/portal/services/record-correction">
          {t('services.recordCorrection')}
        </a>
      </p>
      <Show resource={catalogue}>
        {(services) => (
          <ol class="service-list">
            {services.map((service) => {
              const start = startPath(service);
              return (
                <li class="card service" key={service.code} id={`service-${service.code}`}>
                  <h2>
                    <span class="service-code">{t('services.code', { code: service.code })}</span>{' '}
                    {pick(service.name, lang)}
                  </h2>
                  <p>{t('services.owner', { owner: pick(service.owner.name, lang) })}</p>
                  <p>
                    <span class={`badge ${service.online === 'full' ? 'badge--ok' : 'badge--muted'}`}>
                      {service.online === 'full' ? t('services.online') : t('services.catalogueOnly')}
                    </span>{' '}
                    <span class="badge badge--muted">{t('services.level', { level: service.eidLevel })}</span>
                  </p>
                  {service.deadlineWorkingDays ? (
                    <p>{t('services.deadline', { days: service.deadlineWorkingDays })}</p>
                  ) : null}
                  {service.fee ? (
                    <p>
                      {t('services.fee', {
                        fee: service.fee.amountVnd > 0 ? formatMoney(service.fee.amountVnd, lang) : t('services.free'),
                      })}
                    </p>
                  ) : null}
                  {service.needs?.length ? (
                    <details>
                      <summary>{t('services.needs')}</summary>
                      <ul>
                        {service.needs.map((need) => (
                          <li key={need.en}>{pick(need, lang)}</li>
                        ))}
                      </ul>
                    </details>
                  ) : null}
                  {start ? (
                    <a class="button" href={start}>
                      {t('services.start')}
                      <span class="visually-hidden">: {pick(service.name, lang)}</span>
                    </a>
                  ) : null}
                </li>
              );
            })}
          </ol>
        )}
      </Show>
    </>
  );
};
