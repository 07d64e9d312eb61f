import { describe, expect, it } from 'vitest';
import { CitizenSchema } from '../../../../shared/domain/citizen.ts';
import {
  AGENCY_SCOPES,
  API_SCOPES,
  allowedFieldsFor,
  isAgencyScope,
  SHARED_FIELDS,
} from '../../../../shared/identity/scopes.ts';

describe('purpose-bound agency scopes', () => {
  it('give each scope a purpose in Vietnamese and English, a legal basis and an allow-list of known fields', () => {
    for (const [scope, definition] of Object.entries(AGENCY_SCOPES)) {
      expect(definition.purpose.vi, scope).not.toBe('');
      expect(definition.purpose.en, scope).not.toBe('');
      expect(definition.legalBasis, scope).toMatch(/\S/);
      for (const field of definition.allowedFields) expect(Object.keys(SHARED_FIELDS), scope).toContain(field);
    }
  });

  it('let a hospital see health-insurance coverage only', () => {
    expect(AGENCY_SCOPES['hospital:checkin'].allowedFields).toEqual([
      'coverageStatus',
      'cardNumber',
      'validUntil',
      'registeredFacility',
    ]);
  });

  it('let a bank see identity fields only with the citizen consent', () => {
    expect(AGENCY_SCOPES['ekyc:identity']).toMatchObject({
      consentRequired: true,
      allowedFields: ['fullName', 'birthDate', 'sex', 'pin', 'permanentAddress'],
    });
  });

  it('confirm the old ID number without other personal data, and give statistics no personal field', () => {
    expect(AGENCY_SCOPES['npdb:confirm-old-id'].allowedFields).toEqual(['oldIdNumber']);
    expect(AGENCY_SCOPES['npdb:statistics'].allowedFields).toEqual([]);
  });

  it('name fields that come from the NPDB record', () => {
    const recordFields = Object.keys(CitizenSchema.shape);
    for (const source of Object.values(SHARED_FIELDS)) {
      expect(recordFields).toContain(source.split('.')[0]);
    }
  });

  it('are all scopes of the API resource, next to the citizen and officer scopes', () => {
    expect(API_SCOPES).toEqual(['citizen', 'officer', ...Object.keys(AGENCY_SCOPES)]);
    expect(isAgencyScope('citizen')).toBe(false);
    expect(isAgencyScope('hospital:checkin')).toBe(true);
  });

  it('allow the union of the fields of several granted scopes, and nothing for unknown scopes', () => {
    expect(allowedFieldsFor(['npdb:confirm-old-id', 'hospital:checkin', 'openid'])).toEqual([
      'oldIdNumber',
      'coverageStatus',
      'cardNumber',
      'validUntil',
      'registeredFacility',
    ]);
    expect(allowedFieldsFor(['citizen', 'unknown'])).toEqual([]);
  });
});
