import { StepTimeoutError } from './errors.js';

/**
 * Runs `start` with a deadline: after `ms` the signal aborts (the step must release its socket)
 * and the returned promise rejects with StepTimeoutError, whether or not `start` cooperates.
 */
export async function withTimeout<T>(ms: number, start: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new StepTimeoutError(ms));
    }, ms);
  });
  const work = start(controller.signal);
  work.catch(() => undefined); // a late rejection after the deadline is not an unhandled one
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
