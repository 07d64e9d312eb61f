/**
 * Interconnected group 2 (death registration → deletion of permanent residence → funeral allowance → survivor
 * benefit), built on DeathFormSchema. The deceased and the allowance's recipient are picked from the household the
 * NPDB records; the family chooses 2, 3 or 4 procedures.
 */
import { DeathFormSchema } from '../../../shared/dossiers/forms.ts';
import { FEE_SCHEDULE } from '../../../shared/payments/fee-schedule.ts';
import { api } from '../api/client.ts';
import type { MyRecord } from '../api/types.ts';
import { RequireAuth } from '../components/auth-gate.tsx';
import { ChoiceGroup, TextField } from '../components/fields.tsx';
import { Show, useResource } from '../components/status.tsx';
import { formatDate, formatMoney } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.ts';
import { getPath } from './form-state.ts';
import { householdPeople } from './household.ts';
import { PersonPicker } from './person-picker.tsx';
import { ReviewLine, Wizard } from './wizard.tsx';

/** The price of each additional copy of the death extract, from the schedule the API charges by. */
const COPY_PRICE_VND = FEE_SCHEDULE.extras['death-extract-copy']?.unitVnd ?? 0;
const copies = (values: Record<string, unknown>) => {
  const n = getPath(values, 'extractCopies');
  return typeof n === 'number' && Number.isInteger(n) ? n : 0;
};

const Form = (props: { readonly me: MyRecord }) => {
  const { t, lang } = useI18n();
  const { me } = props;
  const relatives = householdPeople(me).filter((p) => p.pin !== me.pin);
  const recipients = [{ pin: me.pin, name: t('form.self', { name: me.fullName }) }, ...relatives];
  const initial = () => ({
    deceasedPin: '',
    deathDate: '',
    deathNotice: { number: '', issuedBy: '', issuedOn: '' },
    alsoRequest: [] as string[],
  });
  const requested = (values: Record<string, unknown>) => (getPath(values, 'alsoRequest') as string[] | undefined) ?? [];
  return (
    <Wizard
      formId={`death-group.${me.pin}`}
      group="death-group"
      schema={DeathFormSchema}
      initial={initial}
      steps={[
        {
          title: t('death.stepDeceased'),
          fields: ['deceasedPin', 'deathDate'],
          render: (f) => (
            <>
              <PersonPicker
                path="deceasedPin"
                label={t('death.deceased')}
                value={f.text('deceasedPin')}
                people={relatives}
                errors={f.errors.deceasedPin}
                onChange={(pin) => f.set('deceasedPin', pin)}
              />
              <TextField
                path="deathDate"
                type="date"
                label={t('death.deathDate')}
                value={f.text('deathDate')}
                errors={f.errors.deathDate}
                onInput={(v) => f.set('deathDate', v)}
              />
            </>
          ),
        },
        {
          title: t('death.stepNotice'),
          fields: ['deathNotice.number', 'deathNotice.issuedBy', 'deathNotice.issuedOn'],
          render: (f) => (
            <>
              <TextField
                path="deathNotice.number"
                label={t('death.noticeNumber')}
                value={f.text('deathNotice.number')}
                errors={f.errors['deathNotice.number']}
                onInput={(v) => f.set('deathNotice.number', v)}
              />
              <TextField
                path="deathNotice.issuedBy"
                label={t('death.issuedBy')}
                value={f.text('deathNotice.issuedBy')}
                errors={f.errors['deathNotice.issuedBy']}
                onInput={(v) => f.set('deathNotice.issuedBy', v)}
              />
              <TextField
                path="deathNotice.issuedOn"
                type="date"
                label={t('death.issuedOn')}
                value={f.text('deathNotice.issuedOn')}
                errors={f.errors['deathNotice.issuedOn']}
                onInput={(v) => f.set('deathNotice.issuedOn', v)}
              />
            </>
          ),
        },
        {
          title: t('death.stepProcedures'),
          fields: [
            'alsoRequest',
            'funeralAllowance',
            'funeralAllowance.basis',
            'funeralAllowance.recipientPin',
            'extractCopies',
          ],
          render: (f) => {
            const chosen = requested(f.values);
            const toggle = (value: string, checked: boolean) => {
              let next = checked ? [...new Set([...chosen, value])] : chosen.filter((v) => v !== value);
              // The survivor benefit is asked together with the funeral allowance (4 procedures).
              if (value === 'survivor-benefit' && checked && !next.includes('funeral-allowance'))
                next = ['funeral-allowance', ...next];
              if (value === 'funeral-allowance' && !checked) next = next.filter((v) => v !== 'survivor-benefit');
              f.set('alsoRequest', next);
              if (next.includes('funeral-allowance') && !getPath(f.values, 'funeralAllowance')) {
                f.set('funeralAllowance', { basis: 'insured', recipientPin: me.pin });
              }
              if (!next.includes('funeral-allowance')) f.set('funeralAllowance', undefined);
            };
            return (
              <>
                <p>{t('death.alwaysIncluded')}</p>
                <ChoiceGroup
                  kind="checkbox"
                  path="alsoRequest"
                  label={t('death.stepProcedures')}
                  options={[
                    { value: 'funeral-allowance', label: t('death.funeralAllowance') },
                    { value: 'survivor-benefit', label: t('death.survivorBenefit') },
                  ]}
                  selected={chosen}
                  errors={f.errors.alsoRequest}
                  onToggle={toggle}
                />
                {chosen.includes('funeral-allowance') ? (
                  <>
                    <ChoiceGroup
                      kind="radio"
                      path="funeralAllowance.basis"
                      label={t('death.basis')}
                      options={[
                        { value: 'insured', label: t('death.basisInsured') },
                        { value: 'pensioner', label: t('death.basisPensioner') },
                        { value: 'social-protection', label: t('death.basisSocialProtection') },
                      ]}
                      selected={[f.text('funeralAllowance.basis')]}
                      errors={[...(f.errors['funeralAllowance.basis'] ?? []), ...(f.errors.funeralAllowance ?? [])]}
                      onToggle={(v) => f.set('funeralAllowance.basis', v)}
                    />
                    <PersonPicker
                      path="funeralAllowance.recipientPin"
                      label={t('death.recipient')}
                      value={f.text('funeralAllowance.recipientPin')}
                      people={recipients}
                      errors={f.errors['funeralAllowance.recipientPin']}
                      onChange={(pin) => f.set('funeralAllowance.recipientPin', pin)}
                    />
                  </>
                ) : null}
                <TextField
                  path="extractCopies"
                  type="number"
                  inputMode="numeric"
                  required={false}
                  label={t('death.extractCopies')}
                  hint={t('death.extractCopiesHint', { price: formatMoney(COPY_PRICE_VND, lang) })}
                  value={f.text('extractCopies')}
                  errors={f.errors.extractCopies}
                  // An empty field asks for no copy; anything else goes to the schema as a number (0–10, whole).
                  onInput={(v) => f.set('extractCopies', v.trim() === '' ? undefined : Number(v))}
                />
              </>
            );
          },
        },
      ]}
      review={(values) => {
        const text = (path: string) => String(getPath(values, path) ?? '');
        const deceased = relatives.find((p) => p.pin === text('deceasedPin'));
        return (
          <dl class="facts">
            <ReviewLine
              label={t('death.deceased')}
              value={deceased ? `${deceased.name} (${deceased.pin})` : text('deceasedPin')}
            />
            <ReviewLine label={t('death.deathDate')} value={formatDate(text('deathDate'), lang)} />
            <ReviewLine label={t('death.noticeNumber')} value={text('deathNotice.number')} />
            <ReviewLine label={t('death.issuedBy')} value={text('deathNotice.issuedBy')} />
            <ReviewLine label={t('death.issuedOn')} value={formatDate(text('deathNotice.issuedOn'), lang)} />
            <ReviewLine
              label={t('death.stepProcedures')}
              value={requested(values)
                .map((p) => (p === 'funeral-allowance' ? t('death.funeralAllowance') : t('death.survivorBenefit')))
                .join(', ')}
            />
            {copies(values) > 0 ? (
              <ReviewLine
                label={t('death.extractCopies')}
                value={`${copies(values)} × ${formatMoney(COPY_PRICE_VND, lang)} = ${formatMoney(copies(values) * COPY_PRICE_VND, lang)}`}
              />
            ) : null}
          </dl>
        );
      }}
    />
  );
};

const Loaded = () => {
  const me = useResource(async () => (await api<MyRecord>('/v1/me')).body, []);
  return <Show resource={me}>{(record) => <Form me={record} />}</Show>;
};

export const DeathFormPage = () => {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('death.title')}</h1>
      <RequireAuth level={2}>{() => <Loaded />}</RequireAuth>
    </>
  );
};
