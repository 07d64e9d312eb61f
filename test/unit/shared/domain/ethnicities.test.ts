import { describe, expect, it } from 'vitest';
import { ETHNIC_GROUPS, ethnicGroupNamed } from '../../../../shared/domain/ethnicities.ts';

describe('the 54 ethnic groups', () => {
  it('are 54 names that stay distinct without diacritics', () => {
    expect(ETHNIC_GROUPS).toHaveLength(54);
    expect(new Set(ETHNIC_GROUPS.map((name) => ethnicGroupNamed(name))).size).toBe(54);
  });

  it.each([
    ['Kinh', 'Kinh'],
    ['tay', 'Tày'],
    ['Ê-đê', 'Ê Đê'],
    ['bru van kieu', 'Bru-Vân Kiều'],
    ['  Hà   Nhì ', 'Hà Nhì'],
  ])('finds %s as %s', (typed, listed) => {
    expect(ethnicGroupNamed(typed)).toBe(listed);
  });

  it('finds nothing for a name that is not one of them', () => {
    expect(ethnicGroupNamed('Việt')).toBeUndefined();
    expect(ethnicGroupNamed('')).toBeUndefined();
  });
});
