import { StorageError, toStorageError, UNAVAILABLE_MESSAGE } from './storage-error';

/** Resolves with the request's result; rejects with its error. */
export function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Runs `body` in one transaction and resolves with its result once the transaction has committed.
 * Anything `body` throws, or any request that fails, aborts the whole transaction, so either every
 * write lands or none does; the rejection is a `StorageError`. `body` may await requests of this
 * transaction, but nothing else (the transaction commits as soon as no request is pending).
 */
export function inTransaction<T>(db: IDBDatabase, stores: readonly string[], mode: IDBTransactionMode, body: (tx: IDBTransaction) => T | Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let tx: IDBTransaction;
    try {
      tx = db.transaction([...stores], mode);
    } catch (error) {
      reject(toStorageError(error));
      return;
    }
    let result: T;
    let failure: { error: unknown } | null = null;
    tx.oncomplete = () => (failure ? reject(toStorageError(failure.error)) : resolve(result));
    tx.onabort = () => reject(toStorageError(failure?.error ?? tx.error ?? new DOMException('The transaction was aborted.', 'AbortError')));
    const fail = (error: unknown) => {
      failure ??= { error };
      try {
        tx.abort();
      } catch {
        // Already aborting (a failed request aborts it) or finished: onabort / oncomplete reports.
      }
    };
    try {
      Promise.resolve(body(tx)).then((value) => {
        result = value;
      }, fail);
    } catch (error) {
      fail(error);
    }
  });
}

export interface OpenDatabaseOptions {
  readonly factory: IDBFactory | undefined;
  readonly name: string;
  readonly version: number;
  readonly upgrade: (db: IDBDatabase, oldVersion: number) => void;
}

export function openDatabase({ factory, name, version, upgrade }: OpenDatabaseOptions): Promise<IDBDatabase> {
  if (!factory) return Promise.reject(new StorageError('unavailable', UNAVAILABLE_MESSAGE));
  return new Promise((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name, version);
    } catch (error) {
      reject(new StorageError('unavailable', UNAVAILABLE_MESSAGE, { cause: error }));
      return;
    }
    request.onupgradeneeded = (event) => upgrade(request.result, event.oldVersion);
    request.onsuccess = () => {
      const db = request.result;
      // A newer version of the app opened in another tab needs this connection gone to upgrade.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => {
      const error = toStorageError(request.error);
      reject(error.kind === 'quota' ? error : new StorageError('unavailable', UNAVAILABLE_MESSAGE, { cause: request.error }));
    };
    request.onblocked = () => reject(new StorageError('unavailable', 'Gesture Studio is open in another tab with an older version; close that tab, then reload this one.'));
  });
}
