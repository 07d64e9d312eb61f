/**
 * Errors a person can act on. Use cases throw them; the HTTP layer maps `httpStatus` and shows `message`
 * and `problems` as they are, so messages are written for the citizen, officer or integrator reading them.
 */
export interface Problem {
  readonly field: string;
  readonly message: string;
}

export class DomainError extends Error {
  constructor(
    message: string,
    readonly httpStatus: 400 | 401 | 403 | 404 | 409 | 410 | 422 | 429,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, problems: readonly Problem[] = []) {
    super(message, 400, problems);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super(message, 404);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super(message, 409);
  }
}

/** The request is well formed but cannot be acted on as it stands (e.g. a person the NPDB does not know). */
export class UnprocessableError extends DomainError {
  constructor(message: string, field?: string) {
    super(message, 422, field ? [{ field, message }] : []);
  }
}
