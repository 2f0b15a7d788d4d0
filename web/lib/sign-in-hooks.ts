/**
 * What must happen when someone signs in, told by modules the login page does not load: the query
 * cache (web/lib/query-client.ts, fetched with the first page behind the login) forgets who was
 * signed in before. The login page runs them without importing the cache itself.
 */
const hooks: (() => Promise<unknown>)[] = [];

export function onSignIn(hook: () => Promise<unknown>) {
  hooks.push(hook);
}

export async function signedIn() {
  await Promise.all(hooks.map((hook) => hook()));
}
