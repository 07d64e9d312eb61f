/**
 * The portal's description of each single-agency service's e-form, by catalogue code. A new service needs its entry
 * here and its labels in ./labels.ts; its schema (shared/services/forms/) does the validating.
 */
import type { ServiceSpec } from './field-spec.ts';

const DELIVERY = ['collect', 'post'];
const LICENCE_CLASSES = ['A1', 'A', 'B1', 'B', 'C1', 'C', 'D1', 'D2', 'D', 'BE', 'C1E', 'CE', 'D1E', 'D2E', 'DE'];

const SPECS: readonly ServiceSpec[] = [
  {
    code: 2,
    fields: [
      { kind: 'select', path: 'kind', options: ['renewal', 'reissue'] },
      { kind: 'select', path: 'reason', options: ['age', 'damaged', 'changed-information', 'lost'] },
      { kind: 'date', path: 'appointment.date' },
      { kind: 'select', path: 'appointment.slot', options: ['08:00', '09:30', '13:30', '15:00'] },
    ],
  },
  {
    code: 12,
    fields: [
      { kind: 'select', path: 'certificateType', options: ['1', '2'], numeric: true },
      { kind: 'text', path: 'purpose', maxLength: 200 },
      { kind: 'number', path: 'copies', initial: 1 },
      { kind: 'checkbox', path: 'includeOfficeBan' },
    ],
  },
  {
    code: 3,
    fields: [
      { kind: 'pin', path: 'householdHeadPin' },
      { kind: 'commune', path: 'householdCommuneCode' },
      { kind: 'personList', path: 'persons', max: 10, relations: ['spouse', 'child', 'parent', 'other'] },
    ],
  },
  {
    code: 4,
    fields: [
      { kind: 'address', path: 'address' },
      { kind: 'date', path: 'from' },
      { kind: 'date', path: 'until' },
      { kind: 'select', path: 'accommodation', options: ['owned', 'rented', 'lent'] },
      { kind: 'pin', path: 'ownerPin' },
      { kind: 'pinList', path: 'persons', max: 10, self: true },
    ],
  },
  {
    code: 5,
    fields: [
      { kind: 'date', path: 'from' },
      { kind: 'date', path: 'until' },
      { kind: 'text', path: 'destination', maxLength: 200 },
      { kind: 'textarea', path: 'reason' },
    ],
  },
  {
    code: 6,
    fields: [
      { kind: 'pinList', path: 'guests', max: 20 },
      { kind: 'date', path: 'from' },
      { kind: 'date', path: 'until' },
      {
        kind: 'select',
        path: 'place',
        options: ['permanent-residence', 'temporary-residence'],
        initial: 'permanent-residence',
      },
    ],
  },
  {
    code: 7,
    fields: [
      { kind: 'text', path: 'vehicle.make', maxLength: 40 },
      { kind: 'text', path: 'vehicle.model', maxLength: 40 },
      { kind: 'text', path: 'vehicle.engineNumber', maxLength: 40, upperCase: true },
      { kind: 'text', path: 'vehicle.frameNumber', maxLength: 40, upperCase: true },
      { kind: 'text', path: 'invoiceNumber', maxLength: 40 },
      { kind: 'select', path: 'plateDelivery', options: DELIVERY, initial: 'collect' },
    ],
  },
  {
    code: 8,
    fields: [
      { kind: 'text', path: 'decisionNumber', maxLength: 40 },
      { kind: 'text', path: 'plate', maxLength: 10, upperCase: true },
    ],
  },
  {
    code: 9,
    fields: [
      { kind: 'select', path: 'kind', options: ['first', 'renewal', 'lost'] },
      { kind: 'text', path: 'previousPassportNumber', maxLength: 9, upperCase: true, optional: true },
      { kind: 'select', path: 'delivery', options: DELIVERY, initial: 'collect' },
    ],
  },
  {
    code: 10,
    fields: [
      { kind: 'text', path: 'organisation', maxLength: 200 },
      { kind: 'text', path: 'taxCode', maxLength: 14 },
      { kind: 'text', path: 'establishmentDecision', maxLength: 40 },
    ],
  },
  {
    code: 11,
    fields: [
      { kind: 'text', path: 'organisation', maxLength: 200 },
      { kind: 'select', path: 'sealKind', options: ['miniature', 'embossed', 'wax'] },
      { kind: 'textarea', path: 'reason' },
    ],
  },
  {
    code: 13,
    fields: [
      { kind: 'text', path: 'licenceNumber', maxLength: 12, numeric: true },
      { kind: 'select', path: 'licenceClass', options: LICENCE_CLASSES },
      { kind: 'text', path: 'healthCertificateNumber', maxLength: 40 },
    ],
  },
  {
    code: 14,
    fields: [
      { kind: 'text', path: 'child.fullName', maxLength: 100 },
      { kind: 'select', path: 'child.sex', options: ['male', 'female'] },
      { kind: 'date', path: 'child.birthDate' },
      { kind: 'pin', path: 'motherPin' },
      { kind: 'pin', path: 'fatherPin' },
      { kind: 'text', path: 'birthCertificate.number', maxLength: 40 },
      { kind: 'text', path: 'birthCertificate.facilityCode', maxLength: 5 },
      { kind: 'date', path: 'birthCertificate.issuedOn' },
    ],
  },
  {
    code: 15,
    fields: [
      { kind: 'pin', path: 'deceasedPin' },
      { kind: 'date', path: 'deathDate' },
      { kind: 'text', path: 'deathNotice.number', maxLength: 40 },
      { kind: 'text', path: 'deathNotice.issuedBy', maxLength: 120 },
      { kind: 'date', path: 'deathNotice.issuedOn' },
    ],
  },
  {
    code: 16,
    fields: [{ kind: 'pin', path: 'partnerPin' }],
  },
  {
    code: 20,
    fields: [
      { kind: 'pinList', path: 'members', max: 20, self: true },
      { kind: 'text', path: 'facilityCode', maxLength: 5 },
    ],
  },
  {
    code: 19,
    fields: [
      { kind: 'text', path: 'landCertificateNumber', maxLength: 40 },
      { kind: 'text', path: 'parcelNumber', maxLength: 40 },
      { kind: 'text', path: 'mapSheet', maxLength: 40 },
    ],
  },
  {
    code: 21,
    fields: [
      { kind: 'number', path: 'dependants', initial: 0 },
      { kind: 'text', path: 'employerTaxCode', maxLength: 10, numeric: true, optional: true },
    ],
  },
  {
    code: 22,
    fields: [
      { kind: 'number', path: 'examYear' },
      { kind: 'text', path: 'school', maxLength: 40 },
      { kind: 'textList', path: 'subjects', max: 6 },
    ],
  },
  {
    code: 23,
    fields: [
      { kind: 'text', path: 'lastEmployer', maxLength: 200 },
      { kind: 'date', path: 'contractEndedOn' },
      { kind: 'text', path: 'bankAccount', maxLength: 40 },
    ],
  },
  {
    code: 24,
    fields: [
      { kind: 'address', path: 'supplyAddress' },
      { kind: 'select', path: 'purpose', options: ['household', 'business'] },
      { kind: 'number', path: 'expectedKw' },
    ],
  },
  {
    code: 25,
    fields: [
      { kind: 'text', path: 'contractNumber', maxLength: 40 },
      { kind: 'address', path: 'supplyAddress' },
      { kind: 'select', path: 'reason', options: ['purchase', 'inheritance', 'tenancy'] },
    ],
  },
];

export const SERVICE_SPECS: ReadonlyMap<number, ServiceSpec> = new Map(SPECS.map((spec) => [spec.code, spec]));
