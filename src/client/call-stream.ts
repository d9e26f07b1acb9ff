import { ConfigurationError } from '../errors';
import type { CallProgress, ExtractionResult } from '../retry';

/**
 * What `createPartial` and `createIterable` return: iterate it once with `for await`. The call
 * starts with the iteration; a `break` (or `return`) cancels its HTTP request.
 */
export interface CallStream<Y, T> extends AsyncIterable<Y> {
  /**
   * The attempt the values yielded now belong to (1-based; 0 before the iteration starts). After
   * a re-ask `createPartial`'s object starts over: a new attempt number tells you so.
   */
  readonly attemptNumber: number;
  /** The call's result once the iteration has ended: data, completion, usage, attempts. */
  readonly result: ExtractionResult<T> | undefined;
}

/** A single-use `CallStream` over a call that yields `Y` and ends with a result. */
export class InstructorCallStream<Y, T> implements CallStream<Y, T> {
  private readonly progress: CallProgress = { attemptNumber: 0 };
  private started = false;
  private finished: ExtractionResult<T> | undefined;

  constructor(
    private readonly run: (progress: CallProgress) => AsyncGenerator<Y, ExtractionResult<T>>,
    private readonly last: (result: ExtractionResult<T>) => readonly Y[],
  ) {}

  get attemptNumber(): number {
    return this.progress.attemptNumber;
  }

  get result(): ExtractionResult<T> | undefined {
    return this.finished;
  }

  [Symbol.asyncIterator](): AsyncIterator<Y> {
    if (this.started) {
      throw new ConfigurationError({
        message:
          'This stream was already iterated: each createPartial() / createIterable() call streams once.',
      });
    }
    this.started = true;
    return this.iterate();
  }

  private async *iterate(): AsyncGenerator<Y> {
    const result = yield* this.run(this.progress);
    this.finished = result;
    yield* this.last(result);
  }
}
