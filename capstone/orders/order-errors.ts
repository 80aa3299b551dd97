import { AppError, ValidationError } from '../../chapters/02-architecture/errors/app-error.js';

/** 400: `POST /api/orders` needs an `Idempotency-Key`, so a retried request can never order twice. */
export class IdempotencyKeyMissingError extends ValidationError {
  override readonly code = 'IDEMPOTENCY_KEY_MISSING';

  constructor() {
    const message = 'Send an Idempotency-Key header (1-255 printable characters, e.g. a UUID) with every order';
    super(message, [{ field: 'Idempotency-Key', rule: 'required', message }]);
  }
}

/** 422: the key was used before with another body (draft-ietf-httpapi-idempotency-key-header, section 2.7). */
export class IdempotencyKeyReusedError extends AppError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  readonly status = 422;
  readonly title = 'Idempotency key reused with another request';

  constructor() {
    super('This Idempotency-Key was already used with a different body; use a new key for a new order');
  }
}

/** 422: the body is well formed but names products that do not exist. */
export class UnknownProductError extends AppError {
  readonly code = 'UNKNOWN_PRODUCT';
  readonly status = 422;
  readonly title = 'Unknown product';

  constructor(readonly productIds: readonly string[]) {
    super(`No product with id ${productIds.join(', ')}; list them with GET /api/products`);
  }

  override extensions(): Record<string, unknown> {
    return { productIds: this.productIds };
  }
}
