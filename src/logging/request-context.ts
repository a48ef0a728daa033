import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The id of the request being served, for every line logged while it is (pino's `mixin` reads
 * it as a line is written). A string in one AsyncLocalStorage, rather than a child logger made
 * per request: a request that logs nothing costs no logger and no serialized request.
 */
const requestIds = new AsyncLocalStorage<string>();

/** Runs `fn` (the rest of the request's middleware chain) as the request `id`. */
export function runAsRequest(id: string, fn: () => void): void {
  requestIds.run(id, fn);
}

/** `{ requestId }` while a request is served, else nothing: merged into every line written. */
export function requestIdFields(): { requestId?: string } {
  const requestId = requestIds.getStore();
  return requestId === undefined ? {} : { requestId };
}
