/** platform: what every module's creates share: readable numbers and idempotency keys. */
export { nextNumber } from './numbers';
export { claimIdempotencyKey, findIdempotentResource, idempotencyInsert, isIdempotencyConflict, requestHash, type IdempotentClaim } from './idempotency';
