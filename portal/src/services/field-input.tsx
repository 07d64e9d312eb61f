/**
 * One field of a service's e-form, drawn from its description: the input of its kind with its label, hint and
 * errors (aria-describedby), lists as fieldsets with add and remove buttons, the commune as two native selects
 * (province, then commune), all usable with the keyboard alone.
 */
import { useState } from 'preact/hooks';
import { communesOfProvince, findCommune } from '../../../shared/domain/admin-units/communes.ts';
import { PROVINCES } from '../../../shared/domain/admin-units/provinces.ts';
import { SelectField, TextArea, TextField } from '../components/fields.tsx';
import { getPath } from '../forms/form-state.ts';
import type { FormApi } from '../forms/wizard.tsx';
import { emptyItem, type FieldSpec, type ListKind, listRows } from './field-spec.ts';
import { fieldHint, fieldLabel, optionLabel, type ServiceLabels } from './labels.ts';

interface Props {
  readonly code: number;
  readonly field: FieldSpec;
  readonly form: FormApi;
  readonly labels: ServiceLabels;
}

const domId = (path: string) => `f-${path.replace(/[^\w-]/g, '-')}`;

const Errors = (props: { readonly path: string; readonly errors: readonly string[] | undefined }) =>
  props.errors?.length ? (
    <ul class="field-errors" id={`${domId(props.path)}-error`} data-field={props.path}>
      {props.errors.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  ) : null;

/** Province, then commune: the code sent is the commune's; the province only narrows the list. */
export const CommunePicker = (props: {
  readonly path: string;
  readonly label: string;
  readonly value: string;
  readonly errors: readonly string[] | undefined;
  readonly labels: ServiceLabels;
  readonly onChange: (code: string) => void;
}) => {
  const [province, setProvince] = useState(() => findCommune(props.value)?.provinceCode ?? '');
  const choose = { value: '', label: props.labels.ui.choose };
  return (
    <>
      <SelectField
        path={`${props.path}-province`}
        label={`${props.label}: ${props.labels.ui.province}`}
        value={province}
        options={[choose, ...PROVINCES.map((p) => ({ value: p.code, label: p.name }))]}
        onChange={(code) => {
          setProvince(code);
          props.onChange('');
        }}
      />
      <SelectField
        path={props.path}
        label={`${props.label}: ${props.labels.ui.commune}`}
        value={props.value}
        options={[choose, ...communesOfProvince(province).map((c) => ({ value: c.code, label: c.fullName }))]}
        errors={props.errors}
        onChange={props.onChange}
      />
    </>
  );
};

const ListField = (props: Props & { readonly field: ListKind }) => {
  const { field, form, labels, code } = props;
  const rows = listRows(form.values, field);
  const label = fieldLabel(labels, code, field.path);
  const errors = form.errors[field.path];
  const setRows = (next: unknown[]) => form.set(field.path, next);
  const itemLabel = (i: number) => (field.kind === 'textList' ? labels.ui.item(i + 1) : labels.ui.person(i + 1));
  return (
    <fieldset
      class={`field list-field${errors?.length ? ' field--error' : ''}`}
      aria-describedby={errors?.length ? `${domId(field.path)}-error` : undefined}
    >
      <legend>{label}</legend>
      {rows.map((row, i) => {
        const itemPath = `${field.path}.${i}`;
        const item = field.kind === 'personList' ? (row as { pin?: string; relationToHead?: string }) : undefined;
        const setItem = (value: unknown) => setRows(rows.map((r, j) => (j === i ? value : r)));
        return (
          <div class="list-row" key={i}>
            {item ? (
              <>
                <TextField
                  path={`${itemPath}.pin`}
                  label={itemLabel(i)}
                  hint={labels.ui.pinHint}
                  inputMode="numeric"
                  maxLength={12}
                  value={item.pin ?? ''}
                  errors={[...(form.errors[itemPath] ?? []), ...(form.errors[`${itemPath}.pin`] ?? [])]}
                  onInput={(pin) => setItem({ ...item, pin })}
                />
                <SelectField
                  path={`${itemPath}.relationToHead`}
                  label={`${labels.ui.relation} (${i + 1})`}
                  value={item.relationToHead ?? ''}
                  options={[
                    { value: '', label: labels.ui.choose },
                    ...(field.kind === 'personList' ? field.relations : []).map((r) => ({
                      value: r,
                      label: optionLabel(labels, r),
                    })),
                  ]}
                  errors={form.errors[`${itemPath}.relationToHead`]}
                  onChange={(relationToHead) => setItem({ ...item, relationToHead })}
                />
              </>
            ) : (
              <TextField
                path={itemPath}
                label={itemLabel(i)}
                hint={field.kind === 'pinList' ? labels.ui.pinHint : undefined}
                inputMode={field.kind === 'pinList' ? 'numeric' : 'text'}
                maxLength={field.kind === 'pinList' ? 12 : 40}
                value={typeof row === 'string' ? row : ''}
                errors={form.errors[itemPath]}
                onInput={setItem}
              />
            )}
            {rows.length > 1 ? (
              <button
                type="button"
                class="button button--ghost"
                onClick={() => setRows(rows.filter((_, j) => j !== i))}
              >
                {labels.ui.remove(itemLabel(i))}
              </button>
            ) : null}
          </div>
        );
      })}
      {rows.length < field.max ? (
        <button type="button" class="button button--secondary" onClick={() => setRows([...rows, emptyItem(field)])}>
          {field.kind === 'textList' ? labels.ui.addItem : labels.ui.addPerson}
        </button>
      ) : null}
      <Errors path={field.path} errors={errors} />
    </fieldset>
  );
};

export const FieldInput = (props: Props) => {
  const { field, form, labels, code } = props;
  const label = fieldLabel(labels, code, field.path);
  const hint = fieldHint(labels, code, field.path);
  const common = {
    path: field.path,
    label,
    hint,
    errors: form.errors[field.path],
    required: !field.optional,
  };
  switch (field.kind) {
    case 'pinList':
    case 'textList':
    case 'personList':
      return <ListField {...props} field={field} />;
    case 'address':
      return (
        <fieldset
          class={`field${form.errors[field.path]?.length ? ' field--error' : ''}`}
          aria-describedby={form.errors[field.path]?.length ? `${domId(field.path)}-error` : undefined}
        >
          <legend>{label}</legend>
          <CommunePicker
            path={`${field.path}.communeCode`}
            label={label}
            value={form.text(`${field.path}.communeCode`)}
            errors={form.errors[`${field.path}.communeCode`]}
            labels={labels}
            onChange={(v) => form.set(`${field.path}.communeCode`, v)}
          />
          <TextField
            path={`${field.path}.addressLine`}
            label={labels.ui.addressLine}
            maxLength={200}
            autoComplete="street-address"
            value={form.text(`${field.path}.addressLine`)}
            errors={form.errors[`${field.path}.addressLine`]}
            onInput={(v) => form.set(`${field.path}.addressLine`, v)}
          />
          <Errors path={field.path} errors={form.errors[field.path]} />
        </fieldset>
      );
    case 'commune':
      return (
        <CommunePicker
          path={field.path}
          label={label}
          value={form.text(field.path)}
          errors={form.errors[field.path]}
          labels={labels}
          onChange={(v) => form.set(field.path, v)}
        />
      );
    case 'select':
      return (
        <SelectField
          {...common}
          value={form.text(field.path)}
          options={[
            { value: '', label: labels.ui.choose },
            ...field.options.map((value) => ({ value, label: optionLabel(labels, value, code) })),
          ]}
          onChange={(v) => form.set(field.path, v)}
        />
      );
    case 'checkbox': {
      const errors = form.errors[field.path];
      return (
        <div class={`field${errors?.length ? ' field--error' : ''}`}>
          <label class="choice">
            <input
              type="checkbox"
              id={domId(field.path)}
              name={field.path}
              checked={getPath(form.values, field.path) === true}
              aria-invalid={errors?.length ? 'true' : undefined}
              aria-describedby={errors?.length ? `${domId(field.path)}-error` : undefined}
              onChange={(event) => form.set(field.path, (event.currentTarget as HTMLInputElement).checked)}
            />{' '}
            {label}
          </label>
          <Errors path={field.path} errors={errors} />
        </div>
      );
    }
    case 'textarea':
      return <TextArea {...common} value={form.text(field.path)} onInput={(v) => form.set(field.path, v)} />;
    case 'date':
      return (
        <TextField
          {...common}
          type="date"
          hint={hint}
          value={form.text(field.path)}
          onInput={(v) => form.set(field.path, v)}
        />
      );
    case 'pin':
      return (
        <TextField
          {...common}
          hint={hint ?? labels.ui.pinHint}
          inputMode="numeric"
          maxLength={12}
          value={form.text(field.path)}
          onInput={(v) => form.set(field.path, v)}
        />
      );
    case 'number':
      return (
        <TextField
          {...common}
          inputMode="numeric"
          maxLength={8}
          value={form.text(field.path)}
          onInput={(v) => form.set(field.path, v)}
        />
      );
    default:
      return (
        <TextField
          {...common}
          inputMode={field.numeric ? 'numeric' : 'text'}
          maxLength={field.maxLength}
          value={form.text(field.path)}
          onInput={(v) => form.set(field.path, field.upperCase ? v.toUpperCase() : v)}
        />
      );
  }
};
