/**
 * The portal's Vietnamese for the API's English sentences: looked up as written or by pattern, English where there is
 * none; and every entry still matches a sentence the code writes, so a reworded message cannot leave a dead entry
 * while the page falls back to English.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiMessage, localizedProblems, vietnameseOf } from '../../../../portal/src/i18n/api-messages.ts';
import { VI_EXACT, VI_PATTERNS } from '../../../../portal/src/i18n/api-messages-vi.ts';

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
/** Every source the API's sentences come from, whitespace-joined so a sentence split over lines is found whole. */
const source = ['shared', 'functions', 'infra/local']
  .flatMap(sourceFiles)
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');
/** The source with string concatenations and line breaks inside them undone: `'a ' +\n 'b'` reads `a b`. */
const joined = source.replace(/(['`"])\s*\+\s*\n\s*(['`"])/g, '');

describe('API sentences in Vietnamese', () => {
  it('translates a sentence as written, one with values by its pattern, and leaves the rest in English', () => {
    expect(apiMessage('The request body is not valid.', 'vi')).toEqual({
      text: 'Nội dung yêu cầu không hợp lệ.',
      lang: 'vi',
    });
    expect(
      vietnameseOf(
        'Household H1 no longer has the 3 living members the change names (someone joined, left or died since); nothing was written.',
      ),
    ).toContain('Hộ H1 không còn đúng 3 thành viên');
    expect(apiMessage('A sentence nobody translated.', 'vi')).toEqual({
      text: 'A sentence nobody translated.',
      lang: 'en',
    });
    expect(apiMessage('The request body is not valid.', 'en')).toEqual({
      text: 'The request body is not valid.',
      lang: 'en',
    });
    expect(localizedProblems([{ field: 'body.reason', message: 'at least 10 characters' }], 'vi')).toEqual([
      { field: 'body.reason', message: 'ít nhất 10 ký tự' },
    ]);
  });

  it('has only entries for sentences the code still writes', () => {
    const dead = Object.keys(VI_EXACT).filter((english) => !joined.includes(english) && !source.includes(english));
    expect(dead).toEqual([]);
  });

  it('has Vietnamese that is not the English again, and patterns anchored at both ends that match their example', () => {
    for (const [english, vi] of Object.entries(VI_EXACT)) expect(vi, english).not.toBe(english);
    for (const { pattern, example } of VI_PATTERNS) {
      expect(pattern.source).toMatch(/^\^.*\$$/);
      expect(pattern.test(example), example).toBe(true);
    }
  });
});
