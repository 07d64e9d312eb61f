/**
 * `/portal/services/household-head`: a member registers the household's new head (change of household head, not one
 * of the 25; POST /v1/me/household-head-changes). Everything comes from the NPDB (GET /v1/me): the household, its
 * living members and who heads it now. The citizen picks the new head and states every other member's relation to
 * them, as the declaration CT01 asks; the commune police decide.
 */

import { vietnamDate } from '../../../shared/domain/clock.ts';
import { ageInYears } from '../../../shared/domain/dates.ts';
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

/** Of age (18): who may head a household where an adult lives (Law on Residence 2020, art. 10(4)). */
const isAdult = (m: Member) => ageInYears(m.birthDate, vietnamDate(new Date())) >= 18;

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
  const head = living.find((m) => m.relationToHead === 'head');
  // A household of one is headed by its member: only a record that does not say so yet has anything to change.
  if (living.length === 1 && head) return <Alert kind="info">{t('householdHead.alone')}</Alert>;
  // Where an adult lives, the head is one of the adults.
  const candidates = living.filter((m) => m.relationToHead !== 'head' && (isAdult(m) || !living.some(isAdult)));
  const name = (pin: string) => living.find((m) => m.pin === pin)?.fullName ?? pin;
  const relationLabel = (relation: string) => (relation ? t(`home.relation.${relation}`) : '—');
  /** The chosen head, if still one of the candidates (a kept draft may name someone who left). */
  const headOf = (values: Record<string, unknown>) => {
    const pin = String(getPath(values, 'newHeadPin') ?? '');
    return candidates.some((c) => c.pin === pin) ? pin : '';
  };
  /** Every other living member with the relation chosen for them, derived afresh: a kept draft follows the household. */
  const members = (values: Record<string, unknown>) =>
    membersFor(living, headOf(values), (getPath(values, 'members') as Relations | undefined) ?? []);
  const memberFields = living.flatMap((_, i) => [`members.${i}.pin`, `members.${i}.relationToHead`]);
  return (
    <>
      <p>{head ? t('householdHead.headNow', { name: head.fullName }) : t('householdHead.noHead')}</p>
      <Wizard
        formId={`household-head.${household.id}.${props.me.pin}`}
        endpoint="/v1/me/household-head-changes"
        schema={HouseholdHeadChangeForm}
        initial={() => ({ newHeadPin: '', members: [], reason: '' })}
        prepare={(values) => ({
          householdId: household.id,
          newHeadPin: headOf(values),
          members: headOf(values) ? members(values) : [],
          // Left empty, the reason is absent, so the page asks for it in its own words rather than zod's length rule.
          reason: String(getPath(values, 'reason') ?? '').trim() || undefined,
        })}
        steps={[
          {
            title: t('householdHead.stepHead'),
            // Not householdId: no field shows it, so a problem with it is shown above the form.
            fields: ['newHeadPin', 'members', 'reason', ...memberFields],
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
                  selected={[headOf(form.values)]}
                  // No head chosen: the PIN's own message would speak of typing 12 digits.
                  errors={
                    form.errors.newHeadPin && (headOf(form.values) ? form.errors.newHeadPin : [t('form.chooseOne')])
                  }
                  onToggle={(pin) => {
                    form.set('newHeadPin', pin);
                    form.set('members', membersFor(living, pin, members(form.values)));
                  }}
                />
                {headOf(form.values) && members(form.values).length > 0 ? (
                  <fieldset class="field" aria-describedby={form.errors.members ? 'members-error' : undefined}>
                    <legend>{t('householdHead.relations', { name: name(headOf(form.values)) })}</legend>
                    {form.errors.members ? (
                      <Alert kind="error" id="members-error">
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
                        onChange={(relation) => {
                          // The list as shown (it follows the household), with this member's relation.
                          form.set('members', members(form.values));
                          form.set(`members.${i}.relationToHead`, relation);
                        }}
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
            <ReviewLine label={t('householdHead.newHead')} value={name(headOf(values))} />
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
