/** SQLSTATE checks that both drivers share (pg and PGlite both expose `code`). */
function sqlState(error: unknown): string | undefined {
  let e: unknown = error;
  // Drizzle wraps driver errors in `cause`.
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown) => sqlState(error) === '23505';
export const isForeignKeyViolation = (error: unknown) => sqlState(error) === '23503';
export const isSerializationFailure = (error: unknown) => sqlState(error) === '40001' || sqlState(error) === '40P01';
export { sqlState };
