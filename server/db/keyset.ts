/*
 * Keyset paging: a long read (an export, a whole list) taken a page at a time, each page after
 * the last row of the one before, so no page costs more than the first and memory stays flat.
 */

/** Reads keyset pages until one comes back short: `read` is given the cursor of the previous page's last row. */
export async function* keysetPages<R, C>(read: (after: C | null, limit: number) => Promise<R[]>, cursorOf: (last: R) => C, limit: number): AsyncGenerator<R[]> {
  let after: C | null = null;
  for (;;) {
    const rows = await read(after, limit);
    if (rows.length) yield rows;
    if (rows.length < limit) return;
    after = cursorOf(rows.at(-1)!);
  }
}
