/**
 * The API's sentences in the reader's language. The API words its refusals in English (`message` and each field
 * problem's `message`), for integrators and logs alike; the portal shows them to citizens and officers who mostly read
 * Vietnamese. Each sentence is looked up as written (the English text is its own key, as gettext does), then against
 * the patterns of sentences that carry values (a household ID, a name, a count). A sentence with no translation is
 * shown in English, marked `lang="en"` for screen readers.
 *
 * The schemas' own messages, which the forms show before anything is sent, are the same sentences (the portal
 * validates with the API's zod schemas), so one dictionary serves both.
 */

import { VI_EXACT, VI_PATTERNS } from './api-messages-vi.ts';
import type { Language } from './i18n.ts';

export interface ShownMessage {
  readonly text: string;
  readonly lang: Language;
}

/** The Vietnamese of an English API sentence, if the dictionary has it. */
export const vietnameseOf = (message: string): string | undefined => {
  const exact = VI_EXACT[message];
  if (exact !== undefined) return exact;
  for (const entry of VI_PATTERNS) {
    const match = entry.pattern.exec(message);
    if (match) return entry.vi(...match.slice(1));
  }
  return undefined;
};

/** An API sentence as the portal shows it in `lang`. */
export const apiMessage = (message: string, lang: Language): ShownMessage => {
  if (lang === 'en') return { text: message, lang: 'en' };
  const vi = vietnameseOf(message);
  return vi === undefined ? { text: message, lang: 'en' } : { text: vi, lang: 'vi' };
};
