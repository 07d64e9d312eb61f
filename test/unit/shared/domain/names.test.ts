import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldForSearch, normaliseName, splitVietnameseName } from '../../../../shared/domain/names.ts';

describe('normaliseName', () => {
  it('trims, collapses spaces and title-cases each word keeping the diacritics', () => {
    const result = normaliseName('  nguyễn   thị   ánh  ');

    expect(result).toEqual({ ok: true, name: 'Nguyễn Thị Ánh' });
  });

  it('capitalises đ as Đ', () => {
    expect(normaliseName('đặng đình đức')).toEqual({ ok: true, name: 'Đặng Đình Đức' });
  });

  it('lower-cases the rest of a word typed in capitals', () => {
    expect(normaliseName('TRẦN QUỐC TOẢN')).toEqual({ ok: true, name: 'Trần Quốc Toản' });
  });

  it('turns decomposed input (letter + combining marks) into NFC', () => {
    const decomposed = 'Nguyễn Văn Hùng'.normalize('NFD');

    const result = normaliseName(decomposed);

    expect(result.ok && result.name).toBe('Nguyễn Văn Hùng'.normalize('NFC'));
    expect(result.ok && result.name.length).toBe('Nguyễn Văn Hùng'.normalize('NFC').length);
  });

  it("keeps ethnic-minority names with apostrophes and capitalises after them (H'Hen Niê)", () => {
    expect(normaliseName('h’hen niê')).toEqual({ ok: true, name: "H'Hen Niê" });
  });

  it('rejects digits with a message naming the digit', () => {
    const result = normaliseName('Nguyễn Văn 2');

    expect(!result.ok && result.errors).toEqual([
      'The name "Nguyễn Văn 2" contains the digit 2; a name may contain only letters, spaces, \' and -.',
    ]);
  });

  it('rejects symbols, one message per distinct symbol', () => {
    const result = normaliseName('Lê @Văn# @');

    expect(!result.ok && result.errors).toHaveLength(2);
    expect(!result.ok && result.errors[0]).toContain('"@"');
  });

  it('says when the name is empty', () => {
    expect(normaliseName('   ', 'family name')).toEqual({ ok: false, errors: ['Enter the family name; it is empty.'] });
  });

  it('rejects a name longer than 100 characters', () => {
    expect(normaliseName('A'.repeat(101)).ok).toBe(false);
  });

  it('is idempotent: a normalised name normalises to itself', () => {
    const letters = fc.constantFrom(
      ...'aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ',
    );
    const word = fc.array(letters, { minLength: 1, maxLength: 7 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
        const first = normaliseName(words.join('  '));
        if (!first.ok) return false;
        const second = normaliseName(first.name);
        return second.ok && second.name === first.name;
      }),
    );
  });
});

describe('foldForSearch', () => {
  it('removes diacritics, turns đ into d and lower-cases', () => {
    expect(foldForSearch('Đặng Thị Ánh Tuyết')).toBe('dang thi anh tuyet');
  });

  it('makes accented and unaccented spellings equal', () => {
    expect(foldForSearch('Nguyễn Văn An')).toBe(foldForSearch('NGUYEN  van an '));
  });

  it('folds decomposed and composed input alike', () => {
    expect(foldForSearch('Hồ Chí Minh'.normalize('NFD'))).toBe(foldForSearch('Hồ Chí Minh'));
  });

  it('leaves only ASCII for any Vietnamese name', () => {
    fc.assert(
      fc.property(fc.constantFrom('Phường Hoàn Kiếm', 'Xã Ứng Hòa', 'Đặc khu Côn Đảo', 'Quỳnh Ưng'), (text) =>
        /^[\x20-\x7e]*$/.test(foldForSearch(text)),
      ),
    );
  });
});

describe('splitVietnameseName', () => {
  it('splits family, middle and given name', () => {
    expect(splitVietnameseName('Nguyễn Thị Thu Hà')).toEqual({
      familyName: 'Nguyễn',
      middleName: 'Thị Thu',
      givenName: 'Hà',
    });
  });

  it('leaves the middle name empty for a two-word name', () => {
    expect(splitVietnameseName('Lê Lợi')).toEqual({ familyName: 'Lê', middleName: '', givenName: 'Lợi' });
  });

  it('treats a single word as the given name', () => {
    expect(splitVietnameseName('Thơm')).toEqual({ familyName: '', middleName: '', givenName: 'Thơm' });
  });

  it('returns empty parts for an empty name', () => {
    expect(splitVietnameseName('  ')).toEqual({ familyName: '', middleName: '', givenName: '' });
  });
});
