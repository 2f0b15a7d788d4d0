/** platform: what every module's creates share: readable numbers and idempotency keys. */
export { nextNumber } from './numbers';
export {
  claimIdempotencyKey,
  earlierResource,
  findIdempotentResource,
  idempotencyLookup,
  type EarlierRequest,
  idempotencyInsert, isIdempotencyConflict, requestHash, type IdempotentClaim } from './idempotency';
