/**
 * Form fields with their label, hint and errors wired for assistive technology: the error text is linked with
 * aria-describedby and the input marked aria-invalid, so a screen reader announces what is wrong where it is.
 */
import type { ComponentChildren } from 'preact';
import { formatLongDate } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.ts';

const domId = (path: string) => `f-${path.replace(/[^\w-]/g, '-')}`;

interface BaseProps {
  readonly path: string;
  readonly label: string;
  readonly hint?: string;
  readonly errors?: readonly string[] | undefined;
  readonly required?: boolean;
}

const Described = (props: BaseProps & { readonly children: ComponentChildren }) => {
  const id = domId(props.path);
  const { t } = useI18n();
  return (
    <div class={`field${props.errors?.length ? ' field--error' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required === false ? <span class="optional"> ({t('form.optional')})</span> : null}
      </label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.children}
      {props.errors?.length ? (
        <ul class="field-errors" id={`${id}-error`} data-field={props.path}>
          {props.errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
};

const describedBy = (props: BaseProps) => {
  const id = domId(props.path);
  return (
    [props.hint ? `${id}-hint` : '', props.errors?.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  );
};

type TextFieldProps = BaseProps & {
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly type?: 'text' | 'date' | 'number' | 'month';
  readonly inputMode?: 'numeric' | 'text';
  readonly autoComplete?: string;
  readonly maxLength?: number;
};

/**
 * A text, number or date field. A date field's hint echoes the date entered with its month named (formatLongDate):
 * the browser's date input orders day and month as the browser's language does, not as the page's, so the echo is
 * what tells a reader of either language which day they entered.
 */
export const TextField = (props: TextFieldProps) => {
  const { t, lang } = useI18n();
  const entered = props.type === 'date' ? formatLongDate(props.value, lang) : undefined;
  if (!entered) return <TextInput {...props} />;
  const echo = t('form.dateEntered', { date: entered });
  return <TextInput {...props} hint={props.hint ? `${echo} ${props.hint}` : echo} />;
};

const TextInput = (props: TextFieldProps) => (
  <Described {...props}>
    <input
      id={domId(props.path)}
      name={props.path}
      type={(props.type ?? 'text') as 'text'}
      value={props.value}
      inputMode={props.inputMode}
      autoComplete={props.autoComplete ?? 'off'}
      maxLength={props.maxLength}
      aria-invalid={props.errors?.length ? 'true' : undefined}
      aria-describedby={describedBy(props)}
      aria-required={props.required === false ? undefined : 'true'}
      onInput={(event) => props.onInput((event.currentTarget as HTMLInputElement).value)}
    />
  </Described>
);

export const TextArea = (
  props: BaseProps & { readonly value: string; readonly onInput: (value: string) => void; readonly rows?: number },
) => (
  <Described {...props}>
    <textarea
      id={domId(props.path)}
      name={props.path}
      rows={props.rows ?? 3}
      value={props.value}
      aria-invalid={props.errors?.length ? 'true' : undefined}
      aria-describedby={describedBy(props)}
      onInput={(event) => props.onInput((event.currentTarget as HTMLTextAreaElement).value)}
    />
  </Described>
);

export interface Option {
  readonly value: string;
  readonly label: string;
}

export const SelectField = (
  props: BaseProps & {
    readonly value: string;
    readonly options: readonly Option[];
    readonly onChange: (value: string) => void;
  },
) => (
  <Described {...props}>
    <select
      id={domId(props.path)}
      name={props.path}
      value={props.value}
      aria-invalid={props.errors?.length ? 'true' : undefined}
      aria-describedby={describedBy(props)}
      onChange={(event) => props.onChange((event.currentTarget as HTMLSelectElement).value)}
    >
      {props.options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  </Described>
);

/** A group of radio buttons or checkboxes in a fieldset, its legend naming the question. */
export const ChoiceGroup = (
  props: BaseProps & {
    readonly kind: 'radio' | 'checkbox';
    readonly options: readonly Option[];
    readonly selected: readonly string[];
    readonly onToggle: (value: string, checked: boolean) => void;
  },
) => {
  const id = domId(props.path);
  return (
    <fieldset
      class={`field${props.errors?.length ? ' field--error' : ''}`}
      aria-describedby={props.errors?.length ? `${id}-error` : undefined}
    >
      <legend>{props.label}</legend>
      {props.hint ? <p class="hint">{props.hint}</p> : null}
      {props.options.map((option) => (
        <label class="choice" key={option.value}>
          <input
            type={props.kind}
            name={props.path}
            value={option.value}
            checked={props.selected.includes(option.value)}
            onChange={(event) => props.onToggle(option.value, (event.currentTarget as HTMLInputElement).checked)}
          />{' '}
          {option.label}
        </label>
      ))}
      {props.errors?.length ? (
        <ul class="field-errors" id={`${id}-error`} data-field={props.path}>
          {props.errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
};
