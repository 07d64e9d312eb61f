import { describe, expect, it } from 'vitest';
import { clearDraft, type DraftStorage, loadDraft, saveDraft } from '../../../../portal/src/forms/draft.ts';

const memoryStorage = (): DraftStorage & { items: Map<string, string> } => {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
};

describe('dossier drafts', () => {
  it('keeps the Idempotency-Key across reloads of the same draft', () => {
    const storage = memoryStorage();
    const first = loadDraft(storage, 'birth-group.001099500001', () => ({ child: {} }));
    saveDraft(storage, 'birth-group.001099500001', { ...first, values: { child: { fullName: 'An' } }, step: 2 });
    const reloaded = loadDraft(storage, 'birth-group.001099500001', () => ({}));
    expect(reloaded.idempotencyKey).toBe(first.idempotencyKey);
    expect(reloaded).toMatchObject({ step: 2, values: { child: { fullName: 'An' } } });
  });

  it('starts a new key only when a new draft begins', () => {
    const storage = memoryStorage();
    const first = loadDraft(storage, 'death-group.1', () => ({}));
    clearDraft(storage, 'death-group.1');
    const second = loadDraft(storage, 'death-group.1', () => ({}));
    expect(second.idempotencyKey).not.toBe(first.idempotencyKey);
    expect(second.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('replaces a corrupt draft instead of failing', () => {
    const storage = memoryStorage();
    storage.setItem('p06.draft.x', '{not json');
    expect(loadDraft(storage, 'x', () => ({ a: 1 }))).toMatchObject({ values: { a: 1 }, step: 0 });
  });
});
