/**
 * One entry of the access log: a single disclosure (or refused disclosure) of one citizen's personal data.
 * Every read of personal data, by anyone, writes one in the same request, so a citizen can see who read
 * their data, when, which fields, for what purpose and on what legal basis (Estonia's Data Tracker, plus the
 * refused attempts). The schema is the single source of truth; strings are trimmed and normalised to NFC
 * so the hash chain (hash-chain.ts) sees one spelling of each Vietnamese name.
 */
import * as z from '../validation/zod.ts';

const text = (max: number) => z.string().check(z.trim(), z.normalize('NFC'), z.minLength(1), z.maxLength(max));

export const PinSchema = z.string().check(z.regex(/^\d{12}$/, 'A PIN has exactly 12 digits.'));

/** Kinds of reader: a citizen (self-service, a parent), a state officer, an agency's or company's system. */
export const AccessorTypeSchema = z.enum(['citizen', 'officer', 'agency']);
export type AccessorType = z.infer<typeof AccessorTypeSchema>;

const accessorDetails = {
  /** Display name: the officer's or citizen's full name, the organisation's name for an agency client. */
  name: z.optional(text(200)),
  /** The agency the officer works for, or the organisation that owns an agency client. */
  agency: z.optional(text(200)),
};

/** Who read: `id` is the PIN for citizens and officers, the OAuth `client_id` for agencies. */
export const AccessorSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('citizen'), id: PinSchema, ...accessorDetails }),
  z.strictObject({ type: z.literal('officer'), id: PinSchema, ...accessorDetails }),
  z.strictObject({
    type: z.literal('agency'),
    id: z
      .string()
      .check(
        z.regex(/^[\w.:-]{1,128}$/, 'An OAuth client_id: letters, digits and . _ : - only, at most 128 characters.'),
      ),
    ...accessorDetails,
  }),
]);
export type Accessor = z.infer<typeof AccessorSchema>;

/** A kebab-case purpose code such as `hospital-check-in`, `ekyc`, `citizen-self-service`, `confirm-old-id`. */
export const PurposeSchema = z
  .string()
  .check(
    z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'A purpose is a kebab-case code such as "hospital-check-in".'),
    z.maxLength(64),
  );

const entryShape = {
  /** Whose data was read. */
  subjectPin: PinSchema,
  accessor: AccessorSchema,
  /**
   * The party the accessor acted for or through, when that is not the accessor itself: the parent's PIN when a
   * parent reads their child's record, the facility code when a hospital's client reads for one of its
   * facilities.
   */
  onBehalfOf: z.optional(text(200)),
  /** The exact field names disclosed, e.g. `fullName`, `permanentResidence.communeCode`; empty when denied. */
  fields: z.array(text(100)).check(z.maxLength(200)),
  purpose: PurposeSchema,
  /** e.g. `Law on Identification 2023 art. 10`, `Circular 46/2022/TT-BCA`, `consent:<consentId>`. */
  legalBasis: text(500),
  outcome: z.enum(['granted', 'denied']),
  /** Why a read was denied, in words the citizen understands. */
  reason: z.optional(text(500)),
  /** UTC instant with milliseconds (`Date.prototype.toISOString`), so instants sort as strings. */
  at: z.iso.datetime({ precision: 3 }),
  /** The API request (or portal session request) that disclosed the data. */
  requestId: text(200),
  channel: z.optional(z.enum(['api', 'portal'])),
};

type EntryFields = {
  readonly outcome: 'granted' | 'denied';
  readonly fields: readonly string[];
  readonly reason?: string | undefined;
};

/** Rules across fields: a denial discloses nothing; a field is listed once; only a denial has a reason. */
const checkEntry = (entry: EntryFields, ctx: z.core.$RefinementCtx) => {
  if (entry.outcome === 'denied' && entry.fields.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['fields'], message: 'A denied read discloses no fields; leave it empty.' });
  }
  if (entry.outcome === 'granted' && entry.reason !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Only a denied read has a reason.' });
  }
  const duplicates = [...new Set(entry.fields.filter((field, i) => entry.fields.indexOf(field) !== i))];
  if (duplicates.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['fields'], message: `List each field once: ${duplicates.join(', ')}.` });
  }
};

/** An entry as use cases describe it and the log stores it (before it is linked into the chain). */
export const AccessEntrySchema = z.strictObject(entryShape).check(z.superRefine(checkEntry));
export type AccessEntry = z.infer<typeof AccessEntrySchema>;

/** What a use case passes to the recorder: everything but `at`, which the recorder fills from its clock. */
export const AccessEntryInputSchema = z
  .strictObject({ ...entryShape, at: z.optional(entryShape.at) })
  .check(z.superRefine(checkEntry));
export type AccessEntryInput = z.input<typeof AccessEntryInputSchema>;

export const HashSchema = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'A SHA-256 hash in lowercase hex.'));

/** An entry as stored: its position in the citizen's chain and the hashes that link it to the previous one. */
export const StoredAccessEntrySchema = z
  .strictObject({
    ...entryShape,
    /** 1, 2, 3… per citizen, without gaps. */
    seq: z.int().check(z.gte(1)),
    previousHash: HashSchema,
    hash: HashSchema,
  })
  .check(z.superRefine(checkEntry));
export type StoredAccessEntry = z.infer<typeof StoredAccessEntrySchema>;

/** The key of the `byAccessor` index: `<type>#<id>`, e.g. `agency#bach-mai-hospital`, `officer#001085012345`. */
export const accessorIdOf = (accessor: Pick<Accessor, 'type' | 'id'>): string => `${accessor.type}#${accessor.id}`;

/** Checks an `accessorId` (as used by oversight queries) and says what is wrong with it. */
export const AccessorIdSchema = z
  .string()
  .check(
    z.regex(
      /^(citizen|officer)#\d{12}$|^agency#[\w.:-]{1,128}$/,
      'An accessor ID is "citizen#<PIN>", "officer#<PIN>" or "agency#<client_id>".',
    ),
  );
