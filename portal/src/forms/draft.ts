/**
 * A dossier draft kept in sessionStorage for the tab: the values, the step reached, and the Idempotency-Key
 * chosen when the draft began. The key stays the same across double clicks, reloads and network retries, so the
 * API answers a repeated submission with the dossier it already filed; it changes only when a new draft starts.
 */
import type { FormValues } from './form-state.ts';

export interface Draft {
  readonly idempotencyKey: string;
  readonly values: FormValues;
  readonly step: number;
}

export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const storageKey = (formId: string) => `p06.draft.${formId}`;

export const loadDraft = (storage: DraftStorage, formId: string, initial: () => FormValues): Draft => {
  const raw = storage.getItem(storageKey(formId));
  if (raw) {
    try {
      const draft = JSON.parse(raw) as Draft;
      if (typeof draft.idempotencyKey === 'string' && draft.values && typeof draft.step === 'number') return draft;
    } catch {
      // A corrupt draft is replaced by a new one.
    }
  }
  const draft: Draft = { idempotencyKey: crypto.randomUUID(), values: initial(), step: 0 };
  storage.setItem(storageKey(formId), JSON.stringify(draft));
  return draft;
};

export const saveDraft = (storage: DraftStorage, formId: string, draft: Draft) =>
  storage.setItem(storageKey(formId), JSON.stringify(draft));

export const clearDraft = (storage: DraftStorage, formId: string) => storage.removeItem(storageKey(formId));
