/**
 * `/portal/services/record-correction`: a citizen asks for wrong information in their own NPDB record to be corrected
 * (not one of the 25; POST /v1/me/record-corrections, docs/services.md). They tick the fields that are wrong (full
 * name, birth date, sex, ethnicity), give the right value of each beside what the NPDB holds now, say why and name the
 * document that proves it; the commune police of their residence decide. A correction the PIN contradicts (its sex and
 * century digit, its birth year) is refused on its field by the API: it needs a new PIN, issued in person.
 */

import { ETHNIC_GROUPS } from '../../../shared/domain/ethnicities.ts';
import { CORRECTABLE_FIELDS, RecordCorrectionForm } from '../../../shared/services/forms/record-correction.ts';
import { api } from '../api/client.ts';
import type { MyRecord } from '../api/types.ts';
import { RequireAuth } from '../components/auth-gate.tsx';
import { ChoiceGroup, SelectField, TextArea, TextField } from '../components/fields.tsx';
import { Show, useResource } from '../components/status.tsx';
import { formatDate } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.ts';
import type { FormValues } from './form-state.ts';
import { getPath } from './form-state.ts';
import { ReviewLine, Wizard } from './wizard.tsx';

type Field = (typeof CORRECTABLE_FIELDS)[number];

/** The fields ticked, in the record's order (which is also the order of `corrections` as sent). */
const ticked = (values: FormValues): Field[] => {
  const chosen = (getPath(values, 'fields') as readonly string[] | undefined) ?? [];
  return CORRECTABLE_FIELDS.filter((f) => chosen.includes(f));
};

/** Where the API puts a problem with a field's new value: `corrections.<index among those sent>.value`. */
const valuePath = (values: FormValues, field: Field) => `corrections.${ticked(values).indexOf(field)}.value`;

const Form = (props: { readonly me: MyRecord }) => {
  const { t, lang } = useI18n();
  const me = props.me;
  /** What the NPDB holds now, as the page shows it. */
  const now = (field: Field): string =>
    field === 'birthDate'
      ? formatDate(me.birthDate, lang)
      : field === 'sex'
        ? t(me.sex === 'male' ? 'home.male' : 'home.female')
        : field === 'ethnicity'
          ? (me.ethnicity ?? '—')
          : me.fullName;
  const shown = (values: FormValues, field: Field): string => {
    const value = String(getPath(values, field) ?? '');
    if (field === 'birthDate') return formatDate(value, lang);
    if (field === 'sex') return value ? t(value === 'male' ? 'home.male' : 'home.female') : '';
    return value;
  };
  const label = (field: Field) => t(`correction.fields.${field}`);
  const allValuePaths = CORRECTABLE_FIELDS.map((_, i) => `corrections.${i}.value`);
  return (
    <Wizard
      formId={`record-correction.${me.pin}`}
      endpoint="/v1/me/record-corrections"
      schema={RecordCorrectionForm}
      initial={() => ({ fields: [], fullName: '', birthDate: '', sex: '', ethnicity: '', reason: '', evidence: '' })}
      prepare={(values) => {
        const text = (path: string) => String(getPath(values, path) ?? '').trim();
        return {
          corrections: ticked(values).map((field) => ({ field, value: text(field) })),
          // Left empty, a text is absent: the page asks for it in its own words, not zod's length rule.
          reason: text('reason') || undefined,
          evidence: text('evidence') || undefined,
        };
      }}
      steps={[
        {
          title: t('correction.stepWhat'),
          fields: ['corrections', 'reason', 'evidence', ...allValuePaths],
          render: (form) => (
            <>
              <ChoiceGroup
                kind="checkbox"
                path="corrections"
                label={t('correction.which')}
                hint={t('correction.whichHint')}
                options={CORRECTABLE_FIELDS.map((f) => ({ value: f, label: label(f) }))}
                selected={ticked(form.values)}
                errors={form.errors.corrections}
                onToggle={(field, checked) => {
                  const rest = ticked(form.values).filter((f) => f !== field);
                  form.set('fields', checked ? [...rest, field] : rest);
                  // The values sent move with the ticks (`corrections.<i>`): problems found on them go.
                  form.clear('corrections');
                }}
              />
              {ticked(form.values).map((field) => {
                const common = {
                  path: valuePath(form.values, field),
                  label: t('correction.newValue', { field: label(field) }),
                  hint: t('correction.now', { value: now(field) }),
                  errors: form.errors[valuePath(form.values, field)],
                };
                if (field === 'sex') {
                  return (
                    <SelectField
                      key={field}
                      {...common}
                      value={form.text('sex')}
                      options={[
                        { value: '', label: t('correction.choose') },
                        { value: 'male', label: t('home.male') },
                        { value: 'female', label: t('home.female') },
                      ]}
                      onChange={(value) => {
                        form.set('sex', value);
                        form.clear(common.path);
                      }}
                    />
                  );
                }
                if (field === 'ethnicity') {
                  return (
                    <SelectField
                      key={field}
                      {...common}
                      value={form.text('ethnicity')}
                      options={[
                        { value: '', label: t('correction.choose') },
                        ...ETHNIC_GROUPS.map((g) => ({ value: g, label: g })),
                      ]}
                      onChange={(value) => {
                        form.set('ethnicity', value);
                        form.clear(common.path);
                      }}
                    />
                  );
                }
                return (
                  <TextField
                    key={field}
                    {...common}
                    type={field === 'birthDate' ? 'date' : 'text'}
                    {...(field === 'fullName' ? { autoComplete: 'name', maxLength: 100 } : {})}
                    value={form.text(field)}
                    onInput={(value) => {
                      form.set(field, value);
                      form.clear(common.path);
                    }}
                  />
                );
              })}
              <TextArea
                path="reason"
                label={t('correction.reason')}
                hint={t('correction.reasonHint')}
                value={form.text('reason')}
                errors={form.errors.reason}
                onInput={(value) => form.set('reason', value)}
              />
              <TextField
                path="evidence"
                label={t('correction.evidence')}
                hint={t('correction.evidenceHint')}
                required={false}
                value={form.text('evidence')}
                errors={form.errors.evidence}
                onInput={(value) => form.set('evidence', value)}
              />
            </>
          ),
        },
      ]}
      review={(values) => (
        <dl class="facts">
          {ticked(values).map((field) => (
            <ReviewLine
              key={field}
              label={label(field)}
              value={t('correction.fromTo', { from: now(field), to: shown(values, field) })}
            />
          ))}
          <ReviewLine label={t('correction.reason')} value={String(getPath(values, 'reason') ?? '')} />
          <ReviewLine label={t('correction.evidence')} value={String(getPath(values, 'evidence') ?? '')} />
        </dl>
      )}
    />
  );
};

const Loaded = () => {
  const me = useResource(async () => (await api<MyRecord>('/v1/me')).body, []);
  return <Show resource={me}>{(record) => <Form me={record} />}</Show>;
};

export const RecordCorrectionFormPage = () => {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('correction.title')}</h1>
      <p>{t('correction.intro')}</p>
      <RequireAuth level={2}>{() => <Loaded />}</RequireAuth>
    </>
  );
};
