/**
 * The stable error codes of the API. Clients branch on these, never on messages.
 * Each code has a localised title in `shared/i18n` (`errors.<CODE>`); the HTTP status of each
 * code is decided in one place only: `server/http/errors.ts`.
 */
export const ERROR_CODES = [
  /** The request body, query or parameters do not match the schema; see `errors[]`. */
  'VALIDATION_FAILED',
  /** The body is not valid JSON. */
  'MALFORMED_JSON',
  /** The body is larger than the server accepts. */
  'PAYLOAD_TOO_LARGE',
  /** The body's content type is not one this route accepts. */
  'UNSUPPORTED_MEDIA_TYPE',
  /** No valid session cookie or bearer token. */
  'UNAUTHENTICATED',
  /** Wrong username or password. */
  'INVALID_CREDENTIALS',
  /** Too many failed logins; wait before trying again. */
  'TOO_MANY_ATTEMPTS',
  /** The same username exists in several organisations: name the organisation. */
  'ORGANISATION_REQUIRED',
  /** Authenticated, but the role does not allow this. */
  'FORBIDDEN',
  /** No such record in the caller's organisation (or not visible to the caller). */
  'NOT_FOUND',
  /** No such route. */
  'ROUTE_NOT_FOUND',
  /** A path parameter is longer than any the API takes. */
  'URI_TOO_LONG',
  /** The record changed since the caller read it (`If-Match` is stale). */
  'VERSION_CONFLICT',
  /** A change needs `If-Match: <version>`. */
  'PRECONDITION_REQUIRED',
  /** The ticket's state does not allow this action. */
  'TRANSITION_NOT_ALLOWED',
  /** An `Idempotency-Key` was reused with a different request body. */
  'IDEMPOTENCY_KEY_REUSED',
  /** A record with the same unique value already exists. */
  'ALREADY_EXISTS',
  /** A referenced record (customer, asset, technician…) does not fit the request. */
  'INVALID_REFERENCE',
  /** An uploaded file's type is not allowed. */
  'FILE_TYPE_NOT_ALLOWED',
  /** An uploaded file is larger than allowed. */
  'FILE_TOO_LARGE',
  /** R8, E8: the ticket cannot close, nor be settled from a contractor's deposit, before everyone who must sign has signed. */
  'SIGNOFFS_MISSING',
  /** A field step out of order (arriving before departing, finishing before starting). */
  'STEP_NOT_ALLOWED',
  /** A step's phone time (`clientAt`) is ahead of the server's clock beyond the tolerance setting. */
  'CLIENT_TIME_IN_FUTURE',
  /** A step's phone time (`clientAt`) is earlier than the technician's previous step on the job. */
  'CLIENT_TIME_BEFORE_PREVIOUS',
  /** An approved time entry never changes; correct it with a new entry. */
  'ENTRY_APPROVED',
  /** A4: a workshop stage out of its plan's order, or before the vehicle's check-in is signed. */
  'STAGE_OUT_OF_ORDER',
  /** A3: a signed check-in is read-only; a correction is a new version with a reason. */
  'CHECKIN_SIGNED',
  /** A4: a workshop job completes only after its final QC passed. */
  'QC_NOT_PASSED',
  /** The appointment slot has no place left (or is closed): pick another. */
  'SLOT_FULL',
  /** Too many requests from this address in a short time (public pages); wait before trying again. */
  'RATE_LIMITED',
  /** H4: a visit moves to another time only with the customer's consent, or at their request. */
  'CONSENT_REQUIRED',
  /** A withdrawal beyond what a location has available; `available` says what is left. Nothing moved. */
  'INSUFFICIENT_STOCK',
  /** A serial number that is not at the location it is taken from. */
  'SERIAL_NOT_AVAILABLE',
  /** A part consumed or returned that was never issued to the technician. */
  'PART_NOT_ISSUED',
  /** A count, transfer or requisition that was already posted, received or issued. */
  'ALREADY_POSTED',
  /** E3: the ticket's loaner has not come back. */
  'LOANER_OUT',
  /** C3: paid work (an out-of-warranty RMA, or a ticket whose quote needs approval) does not start before its quote is approved. */
  'QUOTE_NOT_APPROVED',
  /** A quote past its validity is no longer approved or declined: make a new version. */
  'QUOTE_EXPIRED',
  /** A newer version of the quote replaced this one: decide the current one. */
  'QUOTE_SUPERSEDED',
  /** The quote (or the adjustment) was already approved or declined. */
  'QUOTE_DECIDED',
  /** The approval link has expired: ask for a new one. */
  'LINK_EXPIRED',
  /** A code sent to a phone (QR page) that is not the one sent; `triesLeft` says how many tries remain. */
  'PHONE_CODE_WRONG',
  /** A phone code past its time, already used or out of tries: ask for a new one. */
  'PHONE_CODE_EXPIRED',
  /** No payment is taken on a cancelled ticket (a refund still is). */
  'TICKET_CANCELLED',
  /** A chase (催单) is recorded on an open ticket only; a closed or cancelled one takes a new report. */
  'TICKET_NOT_OPEN',
  /** A refund larger than what has been paid on the ticket; `paidFen` says what was. Nothing recorded. */
  'REFUND_EXCEEDS_PAID',
  /** A fapiao's amount differs from the ticket's charge; `chargedFen` says what it is. */
  'INVOICE_TOTAL_MISMATCH',
  /** A fapiao already issued, reversed, or still open where a new one is asked. */
  'INVOICE_STATE',
  /** M7: an order's cost already approved or rejected does not change. */
  'COST_DECIDED',
  /** C3: paid work (an out-of-warranty repair) starts only after the customer approved its quote. */
  /** R3: a responsibility line for a building and trade whose period overlaps another's. */
  'RESPONSIBILITY_OVERLAP',
  /** R5-R7: a deduction needs the repair's cost; this ticket has none. */
  'DEDUCTION_WITHOUT_COST',
  /** R6, R7: the rule's condition does not hold (the contractor was not late, no agreement covers the day). */
  'DEDUCTION_NOT_DUE',
  /** R9: a quarterly statement that is closed takes no dispute or answer. */
  'STATEMENT_CLOSED',
  /** A pay run for a month that has not ended may be computed as a draft, never locked. */
  'PAY_MONTH_OPEN',
  /** Another run for the same month is already locked. */
  'PAY_MONTH_LOCKED',
  /** A locked pay run never changes; a correction is a line in a later run. */
  'PAY_RUN_LOCKED',
  /** M3: a pay run locks only once every time entry of its month is approved; `entries` names those that are not. */
  'TIME_ENTRIES_UNAPPROVED',
  /** A5: a penalty already confirmed or withdrawn. */
  'PENALTY_DECIDED',
  /** A team that users are still in is not deleted: make it inactive, or move them first. */
  'TEAM_IN_USE',
  /** The change would leave the organisation without an active administrator. */
  'LAST_ADMIN',
  /** A password an administrator reset: the user sets their own before anything else. */
  'PASSWORD_CHANGE_REQUIRED',
  /** The server failed; the request can be retried. Never caused by the client. */
  'INTERNAL',
  /** The database is busy or unreachable; retry later. */
  'SERVICE_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One per-field problem: `field` is a dotted path into the request (`body.phone`). */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** RFC 9457 problem details as this API sends them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: ErrorCode;
  instance?: string;
  errors?: FieldError[];
  requestId?: string;
  [extension: string]: unknown;
}
