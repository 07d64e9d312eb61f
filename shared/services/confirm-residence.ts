/**
 * Residence confirmation from the NPDB (paper household books were abolished on 1 January 2023): a citizen (e-ID
 * level 2) asks for a numbered, dated confirmation of their permanent residence, household and any current temporary
 * residence, as the NPDB holds them now. Anyone shown it checks it at GET /v1/documents/{number}?code=, as service 1's
 * confirmations; the issue and every check are written to the citizen's access log.
 */
import { randomBytes } from 'node:crypto';
import type { AccessRecorder, PopulationReader } from '../citizen/ports.ts';
import type { Residence } from '../domain/citizen.ts';
import { vietnamDate } from '../domain/clock.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { randomNumberPart } from '../domain/issued-numbers.ts';
import type { DocumentStore } from './confirm-old-id-number.ts';
import { type IssuedConfirmation, issueConfirmation } from './issue-confirmation.ts';

export interface ResidenceConfirmation {
  readonly number: string;
  readonly verificationCode: string;
  readonly type: 'residence-confirmation';
  readonly issuedAt: string;
  readonly issuedTo: { readonly type: 'citizen'; readonly id: string };
  readonly subject: { readonly pin: string; readonly fullName: string; readonly birthDate: string };
  readonly permanentResidence: Residence;
  readonly householdId?: string;
  readonly relationToHead?: string;
  /** Only a temporary residence still running on the day of issue. */
  readonly temporaryResidence?: Residence;
  readonly statement: { readonly vi: string; readonly en: string };
}

export const RESIDENCE_LEGAL_BASIS = 'Luật Cư trú 68/2020/QH14, art. 37-38; Nghị định 154/2024/NĐ-CP';

/**
 * `XNCT-20261205-7K3M9Q2XAB`: the date of issue in Vietnam and 10 random base32 characters, as for service 1's
 * confirmations (`documentNumber` there, which says why); numbers issued before stay verifiable.
 */
export const residenceConfirmationNumber = (issuedAt: Date) =>
  `XNCT-${vietnamDate(issuedAt).replaceAll('-', '')}-${randomNumberPart(10)}`;

/**
 * Issues the signed-in citizen's residence confirmation, once per Idempotency-Key (issueConfirmation).
 * 1. Read the citizen; 404 if unknown, 409 without a current permanent residence.
 * 2. Write the numbered document with what the NPDB holds today, with the key's claim when there is a key.
 * 3. Record the disclosure in the citizen's access log.
 */
export const confirmResidence =
  (deps: {
    population: Pick<PopulationReader, 'getCitizen'>;
    documents: DocumentStore;
    accessLog: AccessRecorder;
    now: () => Date;
  }) =>
  (pin: string, requestId: string, idempotencyKey?: string): Promise<IssuedConfirmation<ResidenceConfirmation>> =>
    issueConfirmation(
      deps,
      {
        type: 'residence-confirmation',
        requester: { type: 'citizen', id: pin },
        subjectPin: pin,
        requestId,
        idempotencyKey,
      },
      async () => {
        const citizen = await deps.population.getCitizen(pin);
        if (!citizen) throw new NotFoundError('No citizen with this PIN in the National Population Database.');
        if (
          citizen.status !== 'alive' ||
          citizen.permanentResidence === undefined ||
          citizen.permanentResidenceDeleted
        ) {
          throw new ConflictError('The NPDB holds no current permanent residence for you; ask the commune police.');
        }
        const issuedAt = deps.now();
        const today = vietnamDate(issuedAt);
        const temporary =
          citizen.temporaryResidence && (citizen.temporaryResidence.until ?? '9999-12-31') >= today
            ? citizen.temporaryResidence
            : undefined;
        const permanent = citizen.permanentResidence;
        return {
          number: residenceConfirmationNumber(issuedAt),
          verificationCode: randomBytes(6).toString('hex').toUpperCase(),
          type: 'residence-confirmation',
          issuedAt: issuedAt.toISOString(),
          issuedTo: { type: 'citizen', id: citizen.pin },
          subject: { pin: citizen.pin, fullName: citizen.fullName, birthDate: citizen.birthDate },
          permanentResidence: permanent,
          ...(citizen.householdId ? { householdId: citizen.householdId } : {}),
          ...(citizen.relationToHead ? { relationToHead: citizen.relationToHead } : {}),
          ...(temporary ? { temporaryResidence: temporary } : {}),
          statement: {
            vi:
              `Cơ sở dữ liệu quốc gia về dân cư xác nhận công dân ${citizen.fullName}, số định danh cá nhân ${citizen.pin}, ` +
              `thường trú tại ${permanent.addressLine} (mã xã ${permanent.communeCode}) từ ngày ${permanent.since}` +
              (temporary ? `; tạm trú tại ${temporary.addressLine} đến ngày ${temporary.until ?? '-'}` : '') +
              `, tính đến ngày ${today}.`,
            en:
              `The National Population Database confirms that ${citizen.fullName}, personal identification number ${citizen.pin}, ` +
              `has permanent residence at ${permanent.addressLine} (commune ${permanent.communeCode}) since ${permanent.since}` +
              (temporary ? `; temporary residence at ${temporary.addressLine} until ${temporary.until ?? '-'}` : '') +
              `, as of ${today}.`,
          },
        };
      },
      (document) => ({
        subjectPin: document.subject.pin,
        accessor: { type: 'citizen', id: document.subject.pin },
        fields: ['fullName', 'pin', 'birthDate', 'permanentResidence', 'temporaryResidence', 'householdId'],
        purpose: 'residence-confirmation',
        legalBasis: RESIDENCE_LEGAL_BASIS,
        outcome: 'granted',
      }),
    );
