/*
 * A very small IndexedDB store: one database, object stores keyed by `id`, whole-value reads
 * and writes. Enough for what the phone keeps while it has no signal; values may hold Blobs.
 */
const DB_NAME = 'shouhou';
const STORES = ['outbox'] as const;
export type StoreName = (typeof STORES)[number];

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      for (const name of STORES) if (!request.result.objectStoreNames.contains(name)) request.result.createObjectStore(name, { keyPath: 'id' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => {
      opening = null;
      reject(request.error ?? new Error('indexedDB'));
    };
  });
  return opening;
}

function run<T>(store: StoreName, mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(store, mode);
        const request = work(tx.objectStore(store));
        tx.oncomplete = () => resolve(request.result);
        tx.onerror = () => reject(tx.error ?? new Error('indexedDB'));
        tx.onabort = () => reject(tx.error ?? new Error('indexedDB'));
      }),
  );
}

export const idbAll = <T>(store: StoreName) => run<T[]>(store, 'readonly', (s) => s.getAll() as IDBRequest<T[]>);
export const idbPut = <T>(store: StoreName, value: T) => run(store, 'readwrite', (s) => s.put(value)).then(() => undefined);
export const idbDelete = (store: StoreName, id: string) => run(store, 'readwrite', (s) => s.delete(id)).then(() => undefined);
