/**
 * Interconnected group 1 (birth → PIN → permanent residence → health-insurance card), as one e-form built on
 * BirthFormSchema, the schema the API validates with. The applicant is the mother or the father; the other parent
 * is picked from the NPDB's household record, so no name or address is typed that the NPDB already holds.
 */
import { BirthFormSchema } from '../../../shared/dossiers/forms.ts';
import { api } from '../api/client.ts';
import type { MyRecord } from '../api/types.ts';
import { RequireAuth } from '../components/auth-gate.tsx';
import { ChoiceGroup, SelectField, TextField } from '../components/fields.tsx';
import { Show, useResource } from '../components/status.tsx';
import { formatDate } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.ts';
import { getPath } from './form-state.ts';
import { partnerOf } from './household.ts';
import { PersonPicker } from './person-picker.tsx';
import { ReviewLine, Wizard } from './wizard.tsx';

const Form = (props: { readonly me: MyRecord }) => {
  const { t, lang } = useI18n();
  const { me } = props;
  const applicantRole = me.sex === 'female' ? 'motherPin' : 'fatherPin';
  const otherRole = applicantRole === 'motherPin' ? 'fatherPin' : 'motherPin';
  const partner = partnerOf(me);
  const initial = () => ({
    child: { fullName: '', sex: '', birthDate: '', birthPlaceCommuneCode: '', ethnicity: 'Kinh', nationality: 'VN' },
    [applicantRole]: me.pin,
    [otherRole]: partner?.pin ?? '',
    birthCertificate: { number: '', facilityCode: '', issuedOn: '' },
    householdOf: '',
  });
  const people = partner ? [partner] : [];
  const self = t('form.self', { name: me.fullName });
  return (
    <Wizard
      formId={`birth-group.${me.pin}`}
      group="birth-group"
      schema={BirthFormSchema}
      initial={initial}
      steps={[
        {
          title: t('birth.stepChild'),
          fields: [
            'child.fullName',
            'child.sex',
            'child.birthDate',
            'child.birthPlaceCommuneCode',
            'child.ethnicity',
            'child.nationality',
          ],
          render: (f) => (
            <>
              <TextField
                path="child.fullName"
                label={t('birth.childName')}
                value={f.text('child.fullName')}
                errors={f.errors['child.fullName']}
                onInput={(v) => f.set('child.fullName', v)}
              />
              <ChoiceGroup
                kind="radio"
                path="child.sex"
                label={t('birth.childSex')}
                options={[
                  { value: 'male', label: t('home.male') },
                  { value: 'female', label: t('home.female') },
                ]}
                selected={[f.text('child.sex')]}
                errors={f.errors['child.sex']}
                onToggle={(v) => f.set('child.sex', v)}
              />
              <TextField
                path="child.birthDate"
                type="date"
                label={t('birth.childBirthDate')}
                value={f.text('child.birthDate')}
                errors={f.errors['child.birthDate']}
                onInput={(v) => f.set('child.birthDate', v)}
              />
              <TextField
                path="child.birthPlaceCommuneCode"
                required={false}
                inputMode="numeric"
                maxLength={5}
                label={t('birth.birthPlace')}
                value={f.text('child.birthPlaceCommuneCode')}
                errors={f.errors['child.birthPlaceCommuneCode']}
                onInput={(v) => f.set('child.birthPlaceCommuneCode', v)}
              />
              <TextField
                path="child.ethnicity"
                label={t('birth.ethnicity')}
                value={f.text('child.ethnicity')}
                errors={f.errors['child.ethnicity']}
                onInput={(v) => f.set('child.ethnicity', v)}
              />
              <TextField
                path="child.nationality"
                label={t('birth.nationality')}
                maxLength={2}
                value={f.text('child.nationality')}
                errors={f.errors['child.nationality']}
                onInput={(v) => f.set('child.nationality', v.toUpperCase())}
              />
            </>
          ),
        },
        {
          title: t('birth.stepParents'),
          fields: ['motherPin', 'fatherPin', 'householdOf'],
          render: (f) => (
            <>
              <div class="field">
                <p class="label">{applicantRole === 'motherPin' ? t('birth.mother') : t('birth.father')}</p>
                <p data-field-value={applicantRole}>
                  {self} <span class="badge badge--muted">{t('form.fromNpdb')}</span>
                </p>
                {f.errors[applicantRole] ? (
                  <ul class="field-errors" data-field={applicantRole}>
                    {f.errors[applicantRole]?.map((m) => (
                      <li key={m}>{m}</li>
                    ))}
                  </ul>
                ) : null}
              </div>
              <PersonPicker
                path={otherRole}
                label={otherRole === 'motherPin' ? t('birth.mother') : t('birth.father')}
                value={f.text(otherRole)}
                people={people}
                noneLabel={otherRole === 'fatherPin' ? t('birth.noFather') : undefined}
                errors={f.errors[otherRole]}
                onChange={(pin) => f.set(otherRole, pin)}
              />
              {f.text(otherRole) && f.text(otherRole) !== partner?.pin ? (
                <SelectField
                  path="householdOf"
                  label={t('birth.household')}
                  value={f.text('householdOf')}
                  options={[
                    { value: '', label: self },
                    { value: f.text(otherRole), label: f.text(otherRole) },
                  ]}
                  errors={f.errors.householdOf}
                  onChange={(v) => f.set('householdOf', v)}
                />
              ) : null}
            </>
          ),
        },
        {
          title: t('birth.stepCertificate'),
          fields: ['birthCertificate.number', 'birthCertificate.facilityCode', 'birthCertificate.issuedOn'],
          render: (f) => (
            <>
              <TextField
                path="birthCertificate.number"
                label={t('birth.certificateNumber')}
                value={f.text('birthCertificate.number')}
                errors={f.errors['birthCertificate.number']}
                onInput={(v) => f.set('birthCertificate.number', v)}
              />
              <TextField
                path="birthCertificate.facilityCode"
                inputMode="numeric"
                maxLength={5}
                label={t('birth.facilityCode')}
                value={f.text('birthCertificate.facilityCode')}
                errors={f.errors['birthCertificate.facilityCode']}
                onInput={(v) => f.set('birthCertificate.facilityCode', v)}
              />
              <TextField
                path="birthCertificate.issuedOn"
                type="date"
                label={t('birth.issuedOn')}
                value={f.text('birthCertificate.issuedOn')}
                errors={f.errors['birthCertificate.issuedOn']}
                onInput={(v) => f.set('birthCertificate.issuedOn', v)}
              />
            </>
          ),
        },
      ]}
      review={(values) => {
        const text = (path: string) => String(getPath(values, path) ?? '');
        return (
          <dl class="facts">
            <ReviewLine label={t('birth.childName')} value={text('child.fullName')} />
            <ReviewLine
              label={t('birth.childSex')}
              value={text('child.sex') === 'male' ? t('home.male') : t('home.female')}
            />
            <ReviewLine label={t('birth.childBirthDate')} value={formatDate(text('child.birthDate'), lang)} />
            <ReviewLine label={t('birth.mother')} value={text('motherPin') === me.pin ? self : text('motherPin')} />
            <ReviewLine
              label={t('birth.father')}
              value={text('fatherPin') === me.pin ? self : text('fatherPin') || t('birth.noFather')}
            />
            <ReviewLine label={t('birth.certificateNumber')} value={text('birthCertificate.number')} />
            <ReviewLine label={t('birth.facilityCode')} value={text('birthCertificate.facilityCode')} />
            <ReviewLine label={t('birth.issuedOn')} value={formatDate(text('birthCertificate.issuedOn'), lang)} />
          </dl>
        );
      }}
    />
  );
};

export const BirthFormPage = () => {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('birth.title')}</h1>
      <RequireAuth level={2}>{() => <Loaded />}</RequireAuth>
    </>
  );
};

const Loaded = () => {
  const me = useResource(async () => (await api<MyRecord>('/v1/me')).body, []);
  return <Show resource={me}>{(record) => <Form me={record} />}</Show>;
};
