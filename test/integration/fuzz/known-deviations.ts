// Deviations from the docs this fuzz found in src and reported (not fixed here). Each is
// tolerated by the rules, so the default run stays green, unless FUZZ_STRICT names it (a
// comma-separated list of the names below) or is 1 (all of them): then it fails the run again,
// to reproduce it or to check a fix.

const named = new Set((process.env.FUZZ_STRICT ?? '').split(','));
const on = (name: string): boolean => !named.has('1') && !named.has(name);

/** A deviation the rules let through (false when FUZZ_STRICT names it). */
export const tolerated = {
  /**
   * createPartial yields the root array itself when the reply's JSON starts with `[`: values typed
   * `DeepPartial<User>` that are arrays (docs/streaming.md: every value is an instance).
   */
  arrayRootPartials: on('arrayRootPartials'),
  /**
   * createIterable in TOOLS / TOOLS_STRICT accepts a reply that calls `UserList` twice: the
   * elements of the first call are yielded, the second call is never read, and the call
   * succeeds (create() re-asks it: "exactly one call expected"; SPEC §3).
   */
  iterableIgnoresToolCalls: on('iterableIgnoresToolCalls'),
  /**
   * createIterable in TOOLS / TOOLS_STRICT looks for the finished list in the first tool call
   * (channel 0) while it streams the elements of the `UserList` call: a reply whose `UserList`
   * call comes after another tool's yields its elements, then fails with "The reply has no
   * `items` list." and is re-asked (create() accepts that reply).
   */
  listReadFromFirstCall: on('listReadFromFirstCall'),
  /**
   * Aborting the call's signal from the loop does not end it at once: the values of every chunk
   * the SDK has already received are still yielded, and an abort after the last chunk was read
   * (MD_JSON's fence-less reply, read at the end) still fires `completion:response`, then the
   * ProviderError comes (docs/streaming.md: aborting ends the call like a provider error:
   * `completion:error`, `completion:last_attempt`).
   */
  valuesAfterAbort: on('valuesAfterAbort'),
  /**
   * createPartial yields the same value twice in a row when a repeated key puts back what was
   * there (`{"a":{},"a":{}}`): the parser marks any assignment as a change (docs/streaming.md: a
   * chunk that changes nothing you could see yields nothing).
   */
  repeatedPartials: on('repeatedPartials'),
  /**
   * Aborting the signal while a stream is read can leave the call pending forever (Node 20's
   * undici: an abort landing after the whole body arrived never errors the body stream,
   * nodejs/undici#4089): the driver waits for the SDK's iterator to end instead of for the
   * abort (docs/streaming.md: aborting ends the call like a provider error).
   */
  abortMayHang: on('abortMayHang'),
};
