/**
 * A problem as a form keeps it, in no language yet: the API's (or a schema's) English sentence, or which of the
 * portal's own texts. Worded only when shown, so the messages on a page follow a change of language made after they
 * appeared (they used to stay in the language they were made in).
 */
import type { TFunction } from 'i18next';
import { apiMessage } from '../i18n/api-messages.ts';
import type { Language } from '../i18n/i18n.ts';
import type { IssueTexts } from './form-state.ts';

export type KeptProblem =
  | string
  | {
      readonly key: 'form.fillIn' | 'form.chooseOne' | 'form.atLeast' | 'form.atMost' | 'form.invalid';
      readonly count?: number;
    };

/** zod's own sentences as the portal's texts, named rather than worded. */
export const KEPT_TEXTS: IssueTexts<KeptProblem> = {
  fillIn: { key: 'form.fillIn' },
  chooseOne: { key: 'form.chooseOne' },
  atLeast: (count) => ({ key: 'form.atLeast', count }),
  atMost: (count) => ({ key: 'form.atMost', count }),
  invalid: { key: 'form.invalid' },
};

/** A kept problem in the language shown now. */
export const wordProblem = (problem: KeptProblem, t: TFunction, lang: Language): string =>
  typeof problem === 'string'
    ? apiMessage(problem, lang).text
    : t(problem.key, problem.count === undefined ? {} : { count: problem.count });
