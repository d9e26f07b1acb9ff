import { isDeepStrictEqual } from 'node:util';
import { fromProvider, HookName, Mode, type AttemptInfo, type Instructor } from '../../../src';
import { FakeOpenAIServer, type RecordedRequest, type ReplyScript } from '../../../src/testing';
import { User } from '../../fixtures/models/user.model';
import { scriptFor, type ReplyPlan } from './call-scenario';
import { FaultServer } from './fault.server';
import { canonical } from './partial-json.reference';
import {
  callerMessages,
  delay,
  pace,
  recordingHooks,
  type RecordedEvent,
} from './pipeline.harness';
import { bodyOf, urlOf, type FetchInput } from './routed-fetch';
import { renderStream } from './stream-reply';
import type { StreamScenario } from './stream-scenario';
import { keepOpenAttempt } from './stream.oracle';

/** A call still pending after this long is reported as hung. */
const WATCHDOG_MS = 8_000;
/** How long to watch for stray hook events once the loop has ended by a `break`. */
const AFTER_BREAK_MS = 25;
/** An aborted call still pending after this long is reported as hung. */
const AFTER_ABORT_MS = 1_000;
/** How long a handler that aborts the signal stays pending afterwards. */
const PENDING_AFTER_ABORT_MS = 20;

/** One value the loop got, as it was when it got it (partials are updated in place later). */
export interface YieldEvent {
  source: 'yield';
  value: unknown;
  /** `canonical` text of the value when it was yielded. */
  snapshot: string;
  isUser: boolean;
  /** `stream.attemptNumber` when it was yielded. */
  attemptNumber: number;
}

/** A hook event or a yielded value, in the order they happened. */
export type StreamEvent = RecordedEvent | YieldEvent;

/** `stream.result` as the rules read it. */
export interface StreamResult {
  data: unknown;
  completion: unknown;
  usage: unknown;
  attempts: number;
}

/** Everything a user could observe of one streaming call. */
export interface StreamObservation {
  /** `broken`: the loop left by its own `break`. */
  settled: 'resolved' | 'rejected' | 'broken' | 'hung';
  /** The error came from `createPartial(...)` / `createIterable(...)` itself, not from the loop. */
  thrownByMethod: boolean;
  error?: unknown;
  /** `stream.result` once the loop is over. */
  result?: StreamResult;
  events: StreamEvent[];
  /** Events recorded after the loop ended (none may come). */
  late: StreamEvent[];
  sent: RecordedRequest[];
  callerMessagesIntact: boolean;
  /** FakeOpenAIServer's `disconnects` once the call is over. */
  disconnects: number;
  /** The attempt whose reply the server kept open, if any. */
  keptOpen: number | undefined;
  /** The loop aborted the call's signal. */
  aborted: boolean;
}

/**
 * Plays stream scenarios through the real SDK over loopback HTTP: FakeOpenAIServer serves the
 * SSE text built from each plan (or its error), the fault server plays transport faults.
 */
export class StreamHarness {
  private constructor(readonly faults: FaultServer) {}

  static async start(): Promise<StreamHarness> {
    return new StreamHarness(await FaultServer.start());
  }

  async stop(): Promise<void> {
    await this.faults.stop();
  }

  /**
   * Makes the call `scenario` describes and records what it did. Each run has a server of its
   * own: a socket an earlier run left behind can close at any time, and would count as a
   * disconnect of this one.
   */
  async run(scenario: StreamScenario): Promise<StreamObservation> {
    const server = await FakeOpenAIServer.start();
    try {
      return await this.runOn(server, scenario);
    } finally {
      await server.stop();
    }
  }

  private async runOn(
    server: FakeOpenAIServer,
    scenario: StreamScenario,
  ): Promise<StreamObservation> {
    const keptOpen = keepOpenAttempt(scenario);
    const plans = scenario.replies.map((plan, index) => ({
      plan,
      keepOpen: index + 1 === keptOpen,
    }));
    const sent: RecordedRequest[] = [];
    let hangUps = 0; // replies the server drops: each is a disconnect it counts
    const routedFetch = (input: FetchInput, init?: RequestInit): Promise<Response> => {
      sent.push(bodyOf(init));
      const next = plans.shift();
      let url = urlOf(input);
      if (next?.plan.kind === 'fault') {
        url = url.replace(server.url, this.faults.baseUrl(next.plan.fault));
      } else if (next) {
        const script = streamScriptFor(next.plan, next.keepOpen);
        if (script.ending === 'hang-up') hangUps += 1;
        server.reply(script);
      }
      return fetch(url, init);
    };
    const client = fromProvider('openai/gpt-4.1-mini', {
      // The SDK logs an SSE event it cannot parse; the fuzz sends those on purpose.
      client: server.client({ fetch: routedFetch, logLevel: 'off' }),
      mode: scenario.mode,
      maxRetries: scenario.maxRetries,
      streamUsage: scenario.streamUsage,
    });
    const events: StreamEvent[] = [];
    const controller = new AbortController();
    record(client, events as RecordedEvent[], scenario, controller);
    if (scenario.throwingHandlerOn) {
      client.on(scenario.throwingHandlerOn, () => {
        throw new Error('pipeline fuzz: a handler that throws');
      });
    }
    const messages = callerMessages();
    const snapshot = JSON.parse(JSON.stringify(messages)) as unknown;
    const parallelList = scenario.mode === Mode.PARALLEL_TOOLS && scenario.responseModelList;
    const params = {
      messages,
      responseModel: User,
      ...(scenario.n === undefined ? {} : { n: scenario.n }),
      ...(scenario.perCallHooks
        ? { hooks: recordingHooks(events as RecordedEvent[], scenario.hookPacing) }
        : {}),
      ...(scenario.signalIn === 'params' ? { signal: controller.signal } : {}),
      ...(scenario.keepFailedAttempts === undefined
        ? {}
        : { reask: { keepFailedAttempts: scenario.keepFailedAttempts } }),
      ...(scenario.maxTotalTokens === undefined ? {} : { maxTotalTokens: scenario.maxTotalTokens }),
    };
    const requestOptions =
      scenario.signalIn === 'requestOptions' ? { signal: controller.signal } : {};
    const done = (settled: Settled): StreamObservation => ({
      ...settled,
      late: [],
      events,
      sent,
      callerMessagesIntact: isDeepStrictEqual(messages, snapshot),
      disconnects: server.disconnects,
      keptOpen,
      aborted: controller.signal.aborted,
    });

    let stream: AsyncIterable<unknown> & { attemptNumber: number; result: unknown };
    try {
      stream =
        scenario.method === 'partial'
          ? client.createPartial(params, requestOptions)
          : parallelList
            ? client.createIterable({ ...params, responseModel: [User] }, requestOptions)
            : client.createIterable(params, requestOptions);
    } catch (error) {
      return done({ settled: 'rejected', error, thrownByMethod: true });
    }
    let abortWatch: ((hung: 'hung') => void) | undefined;
    const hungAfterAbort = new Promise<'hung'>((resolve) => (abortWatch = resolve));
    const consume = async (): Promise<'resolved' | 'broken'> => {
      let count = 0;
      for await (const value of stream) {
        events.push({
          source: 'yield',
          value,
          snapshot: canonical(value),
          isUser: value instanceof User,
          attemptNumber: stream.attemptNumber,
        });
        count += 1;
        const { stop } = scenario;
        if (stop?.how === 'abort-in-hook' || count !== stop?.after) continue;
        if (stop.how === 'break') return 'broken';
        controller.abort(); // and read on: the loop must end with the abort's ProviderError
        setTimeout(() => abortWatch?.('hung'), AFTER_ABORT_MS).unref();
      }
      return 'resolved';
    };
    const settled = await settle(consume(), hungAfterAbort);
    const seen = events.length;
    // A cancelled or dropped reply closes its socket: wait until the server has seen it.
    const closed =
      hangUps +
      (controller.signal.aborted || settled.settled === 'broken'
        ? keptOpen === undefined
          ? 0
          : 1
        : 0);
    for (let turn = 0; turn < 200 && server.disconnects < closed; turn++) await delay(5);
    // Give a handler that would fire after a break or an abort the time to show (and an
    // aborting handler, still pending, the time to end).
    if (settled.settled === 'broken' || controller.signal.aborted) {
      await delay(AFTER_BREAK_MS + PENDING_AFTER_ABORT_MS);
    }
    controller.abort(); // frees a request the call no longer waits for
    const result = stream.result as StreamResult | undefined;
    const observation = done({ ...settled, ...(result ? { result } : {}) });
    observation.late = events.slice(seen);
    observation.events = events.slice(0, seen);
    return observation;
  }
}

type Settled = Pick<StreamObservation, 'settled' | 'error' | 'result' | 'thrownByMethod'>;

/** The server's script for a plan, a stream kept open when the loop is to break in it. */
function streamScriptFor(plan: ReplyPlan, keepOpen: boolean): ReplyScript {
  if (plan.kind === 'stream' && keepOpen) {
    return { sse: renderStream(plan.stream).text, ending: 'keep-open' };
  }
  return scriptFor(plan, 0);
}

async function settle(
  consume: Promise<'resolved' | 'broken'>,
  hungAfterAbort: Promise<'hung'>,
): Promise<Settled> {
  let timer: NodeJS.Timeout | undefined;
  const watchdog = Promise.race([
    hungAfterAbort,
    new Promise<'hung'>((resolve) => {
      timer = setTimeout(() => resolve('hung'), WATCHDOG_MS);
    }),
  ]);
  const outcome = consume.then(
    (settled) => ({ settled, thrownByMethod: false }),
    (error: unknown) => ({ settled: 'rejected' as const, error, thrownByMethod: false }),
  );
  try {
    const first = await Promise.race([outcome, watchdog]);
    return first === 'hung' ? { settled: 'hung', thrownByMethod: false } : first;
  } finally {
    clearTimeout(timer);
  }
}

/** Client handlers that record every event, pace themselves and abort where the scenario says. */
function record(
  client: Instructor,
  events: RecordedEvent[],
  scenario: StreamScenario,
  controller: AbortController,
): void {
  let attemptNumber = 0;
  for (const name of Object.values(HookName)) {
    client.on(name, (payload: unknown, attempt?: AttemptInfo) => {
      if (name === HookName.COMPLETION_KWARGS) attemptNumber += 1;
      events.push({ source: 'client', name, payload, ...(attempt ? { attempt } : {}) });
      const { stop } = scenario;
      const aborts = stop?.how === 'abort-in-hook' && stop.event === (name as string);
      if (aborts && stop.attempt === attemptNumber) {
        controller.abort();
        return delay(PENDING_AFTER_ABORT_MS);
      }
      return pace(scenario.hookPacing);
    });
  }
}
