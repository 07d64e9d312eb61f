import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEGACY_PROVINCE_CODES } from '../../../../shared/domain/admin-units/legacy-provinces.ts';
import { PROVINCES } from '../../../../shared/domain/admin-units/provinces.ts';
import { legacyProvinceCodeForBirthRegistration } from '../../../../shared/domain/birth-registration.ts';
import { ValidationError } from '../../../../shared/domain/errors.ts';
import {
  centurySexDigit,
  composePin,
  createPinIssuer,
  isPin,
  MAX_PIN_SERIAL,
  type Pin,
  type PinIssuerPorts,
  PinSerialsExhaustedError,
  parsePin,
  pinPrefix,
  type Sex,
  validatePinFor,
} from '../../../../shared/domain/pin.ts';

const TODAY = '2026-11-23';
const sexes = fc.constantFrom<Sex>('male', 'female');
const validInput = fc.record({
  legacyProvinceCode: fc.constantFrom(...LEGACY_PROVINCE_CODES),
  sex: sexes,
  birthYear: fc.integer({ min: 1900, max: 2026 }),
  serial: fc.integer({ min: 0, max: MAX_PIN_SERIAL }),
});

describe('parsePin', () => {
  it('reads the parts of a PIN of a woman born in 1985 in Hà Nội', () => {
    const result = parsePin('001185012345', { today: TODAY });

    expect(result).toEqual({
      ok: true,
      pin: {
        value: '001185012345',
        legacyProvinceCode: '001',
        sex: 'female',
        centuryStart: 1900,
        birthYearTwoDigits: 85,
        serial: 12_345,
      },
    });
  });

  it('reads the parts of a PIN of a boy born in 2005 in Hà Nam', () => {
    const result = parsePin('035205000001', { today: TODAY });

    expect(result.ok && result.pin).toMatchObject({ legacyProvinceCode: '035', sex: 'male', centuryStart: 2000 });
  });

  it('ignores spaces between the digit groups, as printed on the card', () => {
    expect(parsePin('001 2 05 000123', { today: TODAY }).ok).toBe(true);
  });

  it('says when nothing was entered', () => {
    expect(parsePin('', { today: TODAY })).toEqual({
      ok: false,
      errors: ['Enter the 12-digit personal identification number.'],
    });
  });

  it('rejects a PIN with the wrong number of digits, saying how many it has', () => {
    expect(parsePin('00120500012', { today: TODAY })).toEqual({
      ok: false,
      errors: ['A PIN has 12 digits; this one has 11 characters.'],
    });
  });

  it('rejects an old 9-digit identity-card number as a PIN', () => {
    expect(parsePin('012345678', { today: TODAY }).ok).toBe(false);
  });

  it('rejects letters and names them', () => {
    const result = parsePin('00120500012A', { today: TODAY });

    expect(!result.ok && result.errors).toEqual(['A PIN has digits only; remove "A".']);
  });

  it('reports both non-digits and wrong length at once', () => {
    const result = parsePin('001-205', { today: TODAY });

    expect(!result.ok && result.errors).toHaveLength(2);
  });

  it('rejects an unknown province code and explains what the first three digits are', () => {
    const result = parsePin('003205000001', { today: TODAY });

    expect(!result.ok && result.errors).toEqual([
      '003 is not a province code; the first three digits are the code of the province where the birth was ' +
        'registered, e.g. 001 for Hà Nội.',
    ]);
  });

  it('rejects a PIN whose century digit puts the birth after this year', () => {
    const result = parsePin('001430000001', { today: TODAY });

    expect(!result.ok && result.errors[0]).toBe(
      'The 4th digit 4 and the 5th–6th digits 30 mean a male born in 2130, which is after this year (2026); ' +
        'check the 4th digit (0/1 for the 1900s, 2/3 for the 2000s).',
    );
  });

  it('rejects a 2000s PIN whose year has not come yet', () => {
    expect(parsePin('001230000001', { today: TODAY }).ok).toBe(false);
    expect(parsePin('001226000001', { today: TODAY }).ok).toBe(true);
  });

  it('decodes every century-and-sex digit', () => {
    const decoded = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((g) => {
      const result = parsePin(`001${g}00000001`, { today: '2399-12-31' });
      return result.ok ? `${result.pin.sex} ${result.pin.centuryStart}` : result.errors[0];
    });

    expect(decoded).toEqual([
      'male 1900',
      'female 1900',
      'male 2000',
      'female 2000',
      'male 2100',
      'female 2100',
      'male 2200',
      'female 2200',
      'male 2300',
      'female 2300',
    ]);
  });

  it('either parses every 12-digit string or explains at least one problem', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), (text) => {
        const result = parsePin(text, { today: TODAY });
        return result.ok ? result.pin.value === text : result.errors.length > 0 && result.errors.every(Boolean);
      }),
    );
  });

  it('explains at least one problem for any text that is not 12 digits', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^\d{12}$/.test(s.replace(/\s+/g, ''))),
        (text) => {
          const result = parsePin(text, { today: TODAY });
          return !result.ok && result.errors.length > 0;
        },
      ),
    );
  });
});

describe('isPin', () => {
  it('accepts a well-formed PIN and refuses one with spaces', () => {
    expect(isPin('001185012345', { today: TODAY })).toBe(true);
    expect(isPin('001 185 012345', { today: TODAY })).toBe(false);
  });
});

describe('composePin', () => {
  it('builds the PIN of a girl born in 2005 in Ninh Bình with serial 42', () => {
    const pin = composePin({ legacyProvinceCode: '037', sex: 'female', birthYear: 2005, serial: 42 });

    expect(pin).toBe('037305000042');
  });

  it('pads years and serials with leading zeros', () => {
    expect(composePin({ legacyProvinceCode: '001', sex: 'male', birthYear: 1901, serial: 7 })).toBe('001001000007');
  });

  it('rejects a 2-digit new province code and other invalid values with one problem each', () => {
    const attempt = () => composePin({ legacyProvinceCode: '37', sex: 'male', birthYear: 1899, serial: 1_000_000 });

    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).problems).toHaveLength(3);
    }
  });

  it('round-trips through parsePin for any valid input', () => {
    fc.assert(
      fc.property(validInput, (input) => {
        const result = parsePin(composePin(input), { today: TODAY });
        return (
          result.ok &&
          result.pin.legacyProvinceCode === input.legacyProvinceCode &&
          result.pin.sex === input.sex &&
          result.pin.centuryStart + result.pin.birthYearTwoDigits === input.birthYear &&
          result.pin.serial === input.serial
        );
      }),
    );
  });

  it('produces PINs that pass validatePinFor for the same sex and birth year', () => {
    fc.assert(
      fc.property(validInput, fc.integer({ min: 1, max: 12 }), (input, month) => {
        const birthDate = `${input.birthYear}-${String(month).padStart(2, '0')}-01`;
        return validatePinFor(composePin(input), { sex: input.sex, birthDate }).ok;
      }),
    );
  });
});

describe('centurySexDigit and pinPrefix', () => {
  it('encode century and sex as in the law', () => {
    expect(centurySexDigit('male', 1999)).toBe(0);
    expect(centurySexDigit('female', 1900)).toBe(1);
    expect(centurySexDigit('male', 2000)).toBe(2);
    expect(centurySexDigit('female', 2099)).toBe(3);
    expect(centurySexDigit('female', 2399)).toBe(9);
  });

  it('refuse a year the digit cannot express', () => {
    expect(() => centurySexDigit('male', 1899)).toThrow(RangeError);
  });

  it('build the 6-digit prefix serials are counted in', () => {
    expect(pinPrefix('079', 'male', 2026)).toBe('079226');
  });
});

describe('validatePinFor', () => {
  it('accepts a PIN that matches the sex and birth year', () => {
    expect(validatePinFor('001205000123', { sex: 'male', birthDate: '2005-03-09' })).toEqual({ ok: true });
  });

  it('rejects a PIN whose century digit contradicts the birth year', () => {
    const result = validatePinFor('001298000123', { sex: 'male', birthDate: '1998-04-01' });

    expect(!result.ok && result.errors).toEqual([
      'The 4th digit 2 means a male born in the 2000s, but the birth date is 1998-04-01.',
    ]);
  });

  it('rejects a PIN whose sex digit contradicts the recorded sex', () => {
    const result = validatePinFor('001305000123', { sex: 'male', birthDate: '2005-03-09' });

    expect(!result.ok && result.errors).toEqual([
      'The 4th digit 3 means a female born in the 2000s, but the person is recorded as male.',
    ]);
  });

  it('rejects a PIN whose year digits contradict the birth year', () => {
    const result = validatePinFor('001206000123', { sex: 'male', birthDate: '2005-03-09' });

    expect(!result.ok && result.errors).toEqual([
      'The 5th and 6th digits 06 mean a birth year ending in 06, but the birth date is 2005-03-09.',
    ]);
  });

  it('reports every mismatch at once', () => {
    const result = validatePinFor('001398000123', { sex: 'male', birthDate: '1999-01-01' });

    expect(!result.ok && result.errors).toHaveLength(3);
  });

  it('passes on the format errors of a malformed PIN', () => {
    const result = validatePinFor('12345', { sex: 'male', birthDate: '2005-03-09' });

    expect(!result.ok && result.errors[0]).toMatch(/12 digits/);
  });

  it('complains about a birth date that is not a date', () => {
    const result = validatePinFor('001205000123', { sex: 'male', birthDate: 'March 2005' });

    expect(!result.ok && result.errors).toEqual(['The birth date "March 2005" is not a date in the form YYYY-MM-DD.']);
  });
});

describe('legacyProvinceCodeForBirthRegistration', () => {
  it('uses the code of the province whose name the new unit kept when no commune is given', () => {
    expect(legacyProvinceCodeForBirthRegistration('37')).toBe('037');
    expect(legacyProvinceCodeForBirthRegistration('15')).toBe('010');
    expect(legacyProvinceCodeForBirthRegistration('08')).toBe('008');
    expect(legacyProvinceCodeForBirthRegistration('01')).toBe('001');
  });

  it("uses the commune's legacy province when the commune is known: Phường Phủ Lý (old Hà Nam) gives 035", () => {
    expect(legacyProvinceCodeForBirthRegistration('37', '13285')).toBe('035');
  });

  it('uses 036 for a commune formed in old Nam Định', () => {
    expect(legacyProvinceCodeForBirthRegistration('37', '13669')).toBe('036');
  });

  it('falls back to the name-giving province for an unknown commune code', () => {
    expect(legacyProvinceCodeForBirthRegistration('37', '99999')).toBe('037');
  });

  it('refuses a commune that lies in another province', () => {
    expect(() => legacyProvinceCodeForBirthRegistration('37', '00070')).toThrow(/is in province 01, not 37/);
  });

  it('refuses an unknown province code', () => {
    expect(() => legacyProvinceCodeForBirthRegistration('02')).toThrow(ValidationError);
  });

  it('always returns a legacy code belonging to the province', () => {
    for (const province of PROVINCES) {
      expect(province.mergedLegacyCodes).toContain(legacyProvinceCodeForBirthRegistration(province.code));
    }
  });
});

/** In-memory ports: serials count up per prefix; `taken` PINs already exist. */
const memoryPorts = (options: { taken?: string[]; start?: number } = {}) => {
  const counters = new Map<string, number>();
  const issued = new Set<string>(options.taken ?? []);
  const calls: string[] = [];
  const ports: PinIssuerPorts = {
    async nextSerial(prefix) {
      const next = (counters.get(prefix) ?? options.start ?? 0) + 1;
      counters.set(prefix, next);
      calls.push(`${prefix}:${next}`);
      return next;
    },
    async reserve(pin: Pin) {
      if (issued.has(pin)) return false;
      issued.add(pin);
      return true;
    },
  };
  return { ports, issued, calls };
};

describe('createPinIssuer', () => {
  const birth = { legacyProvinceCode: '001', sex: 'female' as const, birthYear: 2026 };

  it('issues the first serial of the prefix', async () => {
    const { ports } = memoryPorts();

    const pin = await createPinIssuer(ports).issue(birth);

    expect(pin).toBe('001326000001');
  });

  it('issues different PINs for successive births with the same prefix', async () => {
    const issuer = createPinIssuer(memoryPorts().ports);

    const pins = [await issuer.issue(birth), await issuer.issue(birth), await issuer.issue(birth)];

    expect(pins).toEqual(['001326000001', '001326000002', '001326000003']);
  });

  it('counts serials separately for each prefix', async () => {
    const issuer = createPinIssuer(memoryPorts().ports);

    await issuer.issue(birth);
    const boy = await issuer.issue({ ...birth, sex: 'male' });

    expect(boy).toBe('001226000001');
  });

  it('skips serials whose PIN already exists', async () => {
    const { ports, calls } = memoryPorts({ taken: ['001326000001', '001326000002'] });

    const pin = await createPinIssuer(ports).issue(birth);

    expect(pin).toBe('001326000003');
    expect(calls).toHaveLength(3);
  });

  it('throws a clear error when the prefix has no serial left', async () => {
    const { ports } = memoryPorts({ start: MAX_PIN_SERIAL });

    const issuing = createPinIssuer(ports).issue(birth);

    await expect(issuing).rejects.toThrow(PinSerialsExhaustedError);
    await expect(createPinIssuer(memoryPorts({ start: MAX_PIN_SERIAL }).ports).issue(birth)).rejects.toThrow(
      'All 999,999 serial numbers for PIN prefix 001326 have been issued',
    );
  });

  it('issues serial 999999, the last one', async () => {
    const { ports } = memoryPorts({ start: MAX_PIN_SERIAL - 1 });

    expect(await createPinIssuer(ports).issue(birth)).toBe('001326999999');
  });

  it('gives up when the last serial collides', async () => {
    const { ports } = memoryPorts({ start: MAX_PIN_SERIAL - 1, taken: ['001326999999'] });

    await expect(createPinIssuer(ports).issue(birth)).rejects.toThrow(PinSerialsExhaustedError);
  });

  it('refuses a port that does not return increasing serials instead of looping', async () => {
    const ports: PinIssuerPorts = { nextSerial: async () => 5, reserve: async () => false };

    await expect(createPinIssuer(ports).issue(birth)).rejects.toThrow(/must strictly increase/);
  });

  it('refuses invalid input before touching the ports', async () => {
    const { ports, calls } = memoryPorts();

    await expect(createPinIssuer(ports).issue({ ...birth, legacyProvinceCode: '01' })).rejects.toThrow(ValidationError);
    expect(calls).toHaveLength(0);
  });

  it('never issues the same PIN twice, whatever was taken before', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 20 }), async (takenSerials) => {
        const taken = takenSerials.map((s) => composePin({ ...birth, serial: s }));
        const { ports } = memoryPorts({ taken });
        const issuer = createPinIssuer(ports);
        const pins = [];
        for (let i = 0; i < 10; i += 1) pins.push(await issuer.issue(birth));
        return new Set(pins).size === 10 && pins.every((pin) => !taken.includes(pin));
      }),
    );
  });
});
