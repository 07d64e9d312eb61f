/**
 * Picks a person by PIN from people the NPDB already links to the applicant (spouse, household), so nothing is
 * re-declared; "someone else" reveals a PIN field. The chosen PIN is the form value.
 */
import { useState } from 'preact/hooks';
import { SelectField, TextField } from '../components/fields.tsx';
import { useI18n } from '../i18n/i18n.ts';

export interface Person {
  readonly pin: string;
  readonly name: string;
}

const OTHER = '__other';
const NONE = '__none';

export const PersonPicker = (props: {
  readonly path: string;
  readonly label: string;
  readonly value: string;
  readonly people: readonly Person[];
  readonly onChange: (pin: string) => void;
  readonly errors?: readonly string[] | undefined;
  /** Label of the "nobody" choice, when the field is optional. */
  readonly noneLabel?: string;
}) => {
  const { t } = useI18n();
  const known = props.people.some((p) => p.pin === props.value);
  const [other, setOther] = useState(!known && props.value !== '');
  const selected = other ? OTHER : known ? props.value : props.noneLabel ? NONE : (props.people[0]?.pin ?? OTHER);
  const options = [
    ...props.people.map((p) => ({ value: p.pin, label: `${p.name} (${p.pin})` })),
    ...(props.noneLabel ? [{ value: NONE, label: props.noneLabel }] : []),
    { value: OTHER, label: t('form.other') },
  ];
  return (
    <>
      <SelectField
        path={other ? `${props.path}-choice` : props.path}
        label={props.label}
        value={selected}
        options={options}
        errors={other ? undefined : props.errors}
        onChange={(value) => {
          if (value === OTHER) {
            setOther(true);
            props.onChange('');
          } else {
            setOther(false);
            props.onChange(value === NONE ? '' : value);
          }
        }}
      />
      {other || (selected === OTHER && props.people.length === 0) ? (
        <TextField
          path={props.path}
          label={`${props.label}: ${t('home.pin')}`}
          hint={t('form.pinHint')}
          value={props.value}
          inputMode="numeric"
          maxLength={12}
          errors={props.errors}
          onInput={props.onChange}
        />
      ) : null}
    </>
  );
};
