/**
 * `/portal/services/<slug>`: the e-form of any single-agency dossier service, drawn from its description
 * (./specs.ts) and checked with the schema the API validates with (shared/services/forms/). The wizard gives it the
 * confirmation step, server errors on their field and one Idempotency-Key per draft; the dossier page then shows the
 * fee to pay, if any.
 */
import { findCommune } from '../../../shared/domain/admin-units/communes.ts';
import { withFeeExemption } from '../../../shared/services/fee-exemptions.ts';
import { serviceForm } from '../../../shared/services/forms/index.ts';
import type * as z from '../../../shared/validation/zod.ts';
import { api } from '../api/client.ts';
import type { ServiceEntry } from '../api/types.ts';
import { RequireAuth } from '../components/auth-gate.tsx';
import { Alert, Show, useResource } from '../components/status.tsx';
import { getPath } from '../forms/form-state.ts';
import { ReviewLine, Wizard } from '../forms/wizard.tsx';
import { formatDate, formatMoney } from '../i18n/format.ts';
import { pick, useI18n } from '../i18n/i18n.ts';
import { withExemptionFields, withExemptionLabels } from './fee-exemption.ts';
import { type FeeNotice, feeFollowsForm, feeNotice, paysAfterFiling } from './fee-notice.ts';
import { FieldInput } from './field-input.tsx';
import { type FieldSpec, fieldPaths, initialValues, type ServiceSpec, toForm } from './field-spec.ts';
import { fieldLabel, optionLabel, SERVICE_LABELS, type ServiceLabels } from './labels.ts';
import { SERVICE_SPECS } from './specs.ts';

const communeName = (code: string) => (code ? (findCommune(code)?.fullName ?? code) : '');

/** How a field's value reads on the confirmation step. */
const reviewValue = (
  code: number,
  field: FieldSpec,
  value: unknown,
  labels: ServiceLabels,
  lang: 'vi' | 'en',
): string => {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v === undefined || v === null ? '' : String(v));
  switch (field.kind) {
    case 'date':
      return text(value) ? formatDate(text(value), lang) : '';
    case 'select':
      return text(value) ? optionLabel(labels, text(value), code) : '';
    case 'checkbox':
      return value === true ? labels.ui.yes : labels.ui.no;
    case 'commune':
      return communeName(text(value));
    case 'address': {
      const address = (value ?? {}) as { communeCode?: string; addressLine?: string };
      return [text(address.addressLine), communeName(text(address.communeCode))].filter(Boolean).join(', ');
    }
    case 'personList':
      return (Array.isArray(value) ? value : [])
        .map((p: { pin?: string; relationToHead?: string }) =>
          p.pin ? `${p.pin} (${p.relationToHead ? optionLabel(labels, p.relationToHead) : '-'})` : '',
        )
        .filter(Boolean)
        .join('; ');
    case 'pinList':
    case 'textList':
      return (Array.isArray(value) ? value : []).map(text).filter(Boolean).join(', ');
    default:
      return text(value);
  }
};

/** The fee line's text for a notice. */
const feeText = (notice: FeeNotice, t: ReturnType<typeof useI18n>['t'], lang: 'vi' | 'en') =>
  t('services.fee', {
    fee:
      notice.kind === 'amount'
        ? formatMoney(notice.vnd, lang)
        : notice.kind === 'free'
          ? t('services.free')
          : t('services.premiumAfterFiling'),
  });

const ServiceForm = (props: {
  readonly entry: ServiceEntry;
  readonly spec: ServiceSpec;
  readonly schema: z.ZodMiniType;
  readonly endpoint: string;
  readonly pin: string;
}) => {
  const { t, lang } = useI18n();
  const exemptions = props.entry.fee?.exemptions ?? [];
  const catalogueFee = props.entry.fee?.onlineAmountVnd ?? props.entry.fee?.amountVnd ?? 0;
  // The optional fee-exemption picker joins the form where the service offers grounds to declare.
  const labels = withExemptionLabels(SERVICE_LABELS[lang], props.spec.code, exemptions, lang);
  const spec = withExemptionFields(props.spec, exemptions);
  return (
    <Wizard
      formId={`service.${props.entry.slug}.${props.pin}`}
      endpoint={props.endpoint}
      schema={props.schema}
      prepare={(values) => toForm(spec, values)}
      initial={() => initialValues(spec, props.pin)}
      steps={[
        {
          title: labels.ui.details,
          fields: fieldPaths(spec),
          render: (form) => (
            <>
              {spec.fields.map((field) => (
                <FieldInput key={field.path} code={spec.code} field={field} form={form} labels={labels} />
              ))}
              {feeFollowsForm(spec.code) ? (
                <p aria-live="polite">{feeText(feeNotice(spec.code, catalogueFee, form.values), t, lang)}</p>
              ) : null}
            </>
          ),
        },
      ]}
      review={(values) => (
        <dl class="facts">
          {spec.fields.map((field) => (
            <ReviewLine
              key={field.path}
              label={fieldLabel(labels, spec.code, field.path)}
              value={reviewValue(spec.code, field, getPath(values, field.path), labels, lang) || '—'}
            />
          ))}
        </dl>
      )}
    />
  );
};

const dossierPath = (entry: ServiceEntry): string | undefined =>
  entry.start?.kind === 'dossier' ? entry.start.path : undefined;

export const ServiceFormPage = (props: { readonly params?: { readonly slug?: string } }) => {
  const { t, lang } = useI18n();
  const labels = SERVICE_LABELS[lang];
  const slug = props.params?.slug ?? '';
  const catalogue = useResource(
    async () => (await api<{ services: ServiceEntry[] }>('/v1/services', { auth: false })).body.services,
    [],
  );
  return (
    <Show resource={catalogue}>
      {(services) => {
        const entry = services.find((s) => dossierPath(s) === `/v1/services/${slug}/dossiers`);
        const endpoint = entry && dossierPath(entry);
        if (!entry || !endpoint) return <h1>{t('app.notFound')}</h1>;
        const spec = SERVICE_SPECS.get(entry.code);
        const form = serviceForm(entry.code);
        const schema = form && withFeeExemption(entry.fee?.exemptions ?? [], form);
        const notice = feeNotice(entry.code, entry.fee?.onlineAmountVnd ?? entry.fee?.amountVnd ?? 0);
        return (
          <>
            <h1>
              <span class="service-code">{t('services.code', { code: entry.code })}</span> {pick(entry.name, lang)}
            </h1>
            <p>{t('services.owner', { owner: pick(entry.owner.name, lang) })}</p>
            {entry.deadlineWorkingDays ? <p>{t('services.deadline', { days: entry.deadlineWorkingDays })}</p> : null}
            <p>{feeText(notice, t, lang)}</p>
            {spec && schema ? (
              <RequireAuth level={entry.eidLevel}>
                {(user) => (
                  <>
                    <p>{labels.ui.intro}</p>
                    {paysAfterFiling(notice) ? <Alert kind="info">{labels.ui.payNext}</Alert> : null}
                    <ServiceForm entry={entry} spec={spec} schema={schema} endpoint={endpoint} pin={user.pin} />
                  </>
                )}
              </RequireAuth>
            ) : (
              <Alert kind="info">{labels.ui.notOnPortal}</Alert>
            )}
          </>
        );
      }}
    </Show>
  );
};
