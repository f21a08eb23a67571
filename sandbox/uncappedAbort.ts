import { setMaxListeners } from 'node:events';

/**
 * An AbortController whose signal many waits may listen to at once (every delayed answer, every
 * stopping run until server shutdown) without Node's "possible memory leak" warning at 11.
 */
export function uncappedAbortController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
