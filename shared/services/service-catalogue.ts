/**
 * The public catalogue of the 25 essential services: what each is, who owns it, what it needs, and whether it can
 * be started here today. Static data; no personal data, so it is public and cacheable.
 */
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import { findService, SERVICES, type Service, type ServiceListResponse } from './catalogue/index.ts';

/** `GET /v1/services`: every service, ordered by code. */
export const listServices = (): ServiceListResponse => ({ services: [...SERVICES] });

/**
 * `GET /v1/services/{code}`:
 * 1. the code must be a whole number written in digits (400 naming `path.code` otherwise);
 * 2. a number outside 1–25 is a service that does not exist (404).
 */
export const getService = (code: string): Service => {
  if (!/^\d{1,3}$/.test(code)) {
    throw new ValidationError('The service code is a number from 1 to 25.', [
      { field: 'path.code', message: 'a number from 1 to 25' },
    ]);
  }
  const service = findService(Number(code));
  if (!service) throw new NotFoundError(`There is no essential service ${Number(code)}; the codes run from 1 to 25.`);
  return service;
};
