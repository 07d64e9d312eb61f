/**
 * `/portal/services/household-head`: a member registers the household's new head (change of household head, not one
 * of the 25; POST /v1/me/household-head-changes). Everything comes from the NPDB (GET /v1/me): the household, its
 * living members and who heads it now. The citizen picks the new head and states every other member's relation to
 * them, as the declaration CT01 asks; the commune police decide.
 */
import { HouseholdHeadChangeForm } from '../../../shared/services/forms/residence.ts';
import { api } from '../api/client.ts';
import type { MyRecord } from '../api/types.ts';
import { RequireAuth } from '../components/auth-gate.tsx';
import { ChoiceGroup, SelectField, TextArea } from '../components/fields.tsx';
import { Alert, Show, useResource } from '../components/status.tsx';
import { formatDate } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.ts';
import { getPath } from './form-state.ts';
import { ReviewLine, Wizard } from './wizard.tsx';

const RELATIONS = ['spouse', 'child', 'parent', 'other'] as const;

interface Member {
  readonly pin: string;
  readonly fullName: string;
  readonly birthDate: string;
  readonly relationToHead?: string | undefined;
}

type Relations = ReadonlyArray<{ pin: string; relationToHead: string }>;

/** Every living member but the new head, in the household's order, keeping the relations already chosen. */
const membersFor = (living: readonly Member[], newHeadPin: string, chosen: Relations): Relations =>
  living
    .filter((m) => m.pin !== newHeadPin)
    .map((m) => ({ pin: m.pin, relationToHead: chosen.find((c) => c.pin === m.pin)?.relationToHead ?? '' }));

const Form = (props: { readonly me: MyRecord }) => {
  const { t, lang } = useI18n();
  const household = props.me.household;
  if (!household) return <Alert kind="info">{t('householdHead.noHousehold')}</Alert>;
  const living: Member[] = [
    {
      pin: props.me.pin,
      fullName: props.me.fullName,
      birthDate: props.me.birthDate,
      relationToHead: household.relationToHead,
    },
    ...household.members.filter((m) => m.status !== 'deceased'),
  ];
  if (living.length < 2) return <Alert kind="info">{t('householdHead.alone')}</Alert>;
  const head = living.find((m) => m.relationToHead === 'head');
  const candidates = living.filter((m) => m.relationToHead !== 'head');
  const name = (pin: string) => living.find((m) => m.pin === pin)?.fullName ?? pin;
  const relationLabel = (relation: string) => (relation ? t(`home.relation.${relation}`) : '—');
  const members = (values: Record<string, unknown>) => (getPath(values, 'members') as Relations | undefined) ?? [];
  const memberFields = (values: Record<string, unknown>) =>
    members(values).flatMap((_, i) => [`members.${i}.pin`, `members.${i}.relationToHead`]);
  return (
    <>
      <p>{head ? t('householdHead.headNow', { name: head.fullName }) : t('householdHead.noHead')}</p>
      <Wizard
        formId={`household-head.${household.id}.${props.me.pin}`}
        endpoint="/v1/me/household-head-changes"
        schema={HouseholdHeadChangeForm}
        initial={() => ({ householdId: household.id, newHeadPin: '', members: [], reason: '' })}
        prepare={(values) => ({
          householdId: household.id,
          newHeadPin: getPath(values, 'newHeadPin') ?? '',
          members: members(values),
          reason: getPath(values, 'reason') ?? '',
        })}
        steps={[
          {
            title: t('householdHead.stepHead'),
            fields: ['householdId', 'newHeadPin', 'members', 'reason', ...memberFields({ members: living })],
            render: (form) => (
              <>
                <ChoiceGroup
                  kind="radio"
                  path="newHeadPin"
                  label={t('householdHead.newHead')}
                  hint={t('householdHead.newHeadHint')}
                  options={candidates.map((m) => ({
                    value: m.pin,
                    label: `${m.fullName} (${formatDate(m.birthDate, lang)})`,
                  }))}
                  selected={[form.text('newHeadPin')]}
                  errors={form.errors.newHeadPin}
                  onToggle={(pin) => {
                    form.set('newHeadPin', pin);
                    form.set('members', membersFor(living, pin, members(form.values)));
                  }}
                />
                {form.text('newHeadPin') ? (
                  <fieldset class="field">
                    <legend>{t('householdHead.relations', { name: name(form.text('newHeadPin')) })}</legend>
                    {form.errors.members ? (
                      <Alert kind="error">
                        <ul>
                          {form.errors.members.map((m) => (
                            <li key={m}>{m}</li>
                          ))}
                        </ul>
                      </Alert>
                    ) : null}
                    {members(form.values).map((m, i) => (
                      <SelectField
                        key={m.pin}
                        path={`members.${i}.relationToHead`}
                        label={m.pin === head?.pin ? t('householdHead.formerHead', { name: name(m.pin) }) : name(m.pin)}
                        value={m.relationToHead}
                        options={[
                          { value: '', label: t('householdHead.choose') },
                          ...RELATIONS.map((r) => ({ value: r, label: t(`home.relation.${r}`) })),
                        ]}
                        errors={form.errors[`members.${i}.relationToHead`] ?? form.errors[`members.${i}.pin`]}
                        onChange={(relation) =>
                          // The whole list is set: form paths make objects, not arrays.
                          form.set(
                            'members',
                            members(form.values).map((c, j) => (j === i ? { ...c, relationToHead: relation } : c)),
                          )
                        }
                      />
                    ))}
                  </fieldset>
                ) : null}
                <TextArea
                  path="reason"
                  label={t('householdHead.reason')}
                  hint={t('householdHead.reasonHint')}
                  value={form.text('reason')}
                  errors={form.errors.reason}
                  onInput={(value) => form.set('reason', value)}
                />
              </>
            ),
          },
        ]}
        review={(values) => (
          <dl class="facts">
            <ReviewLine label={t('householdHead.newHead')} value={name(String(getPath(values, 'newHeadPin') ?? ''))} />
            {members(values).map((m) => (
              <ReviewLine key={m.pin} label={name(m.pin)} value={relationLabel(m.relationToHead)} />
            ))}
            <ReviewLine label={t('householdHead.reason')} value={String(getPath(values, 'reason') ?? '')} />
          </dl>
        )}
      />
    </>
  );
};

const Loaded = () => {
  const me = useResource(async () => (await api<MyRecord>('/v1/me')).body, []);
  return <Show resource={me}>{(record) => <Form me={record} />}</Show>;
};

export const HouseholdHeadFormPage = () => {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('householdHead.title')}</h1>
      <p>{t('householdHead.intro')}</p>
      <RequireAuth level={2}>{() => <Loaded />}</RequireAuth>
    </>
  );
};
