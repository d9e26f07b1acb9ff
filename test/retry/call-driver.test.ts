import { getEventListeners } from 'node:events';
import { settledOrAborted } from '../../src/retry';

// How a running attempt waits for its hook emissions: until they settle, or until the call's
// signal aborts, whichever comes first.

/** A promise the test settles by hand. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Lets every pending promise callback run. */
const flush = (): Promise<void> => new Promise((done) => setImmediate(done));

/** Whether `promise` has resolved once pending callbacks ran. */
async function isResolved(promise: Promise<void>): Promise<boolean> {
  let resolved = false;
  void promise.then(() => {
    resolved = true;
  });
  await flush();
  return resolved;
}

describe('settledOrAborted', () => {
  it('without a signal is the emission itself', () => {
    const emission = deferred().promise;

    expect(settledOrAborted(emission, undefined)).toBe(emission);
  });

  it('with a live signal waits for the emission, then stops listening to the signal', async () => {
    const controller = new AbortController();
    const emission = deferred();

    const waiting = settledOrAborted(emission.promise, controller.signal);

    expect(await isResolved(waiting)).toBe(false);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    emission.resolve();
    expect(await isResolved(waiting)).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('stops waiting when the signal aborts while the emission is pending', async () => {
    const controller = new AbortController();
    const waiting = settledOrAborted(deferred().promise, controller.signal);
    expect(await isResolved(waiting)).toBe(false);

    controller.abort();

    expect(await isResolved(waiting)).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('does not wait at all once the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();

    const waiting = settledOrAborted(deferred().promise, controller.signal);

    expect(await isResolved(waiting)).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('leaves no listener behind after many emissions on one signal', async () => {
    const controller = new AbortController();

    for (let index = 0; index < 20; index++) {
      await settledOrAborted(Promise.resolve(), controller.signal);
    }

    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
