/** platform: what every module's creates share: readable numbers and idempotency keys. */
export { nextNumber } from './numbers';
export {
  claimIdempotencyKey,
  earlierResource,
  findIdempotentResource,
  idempotencyInsert,
  idempotencyLookup,
  isIdempotencyConflict,
  requestHash,
  type EarlierRequest,
  type IdempotentClaim,
} from './idempotency';
