import { isDeepStrictEqual } from 'node:util';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import {
  fromProvider,
  HookName,
  Hooks,
  type AttemptInfo,
  type CreateResult,
  type Instructor,
} from '../../../src';
import { FakeOpenAIServer, type RecordedRequest } from '../../../src/testing';
import { User } from '../../fixtures/models/user.model';
import { scriptFor, type CallScenario, type HookPacing } from './call-scenario';
import { FaultServer } from './fault.server';
import { bodyOf, urlOf, type FetchInput } from './routed-fetch';

/** The request timeout of calls with a `timeout` plan, and how late that plan's reply comes. */
export const TIMEOUT_MS = 400;
const LATE_REPLY_MS = 5_000;
/** A call still pending after this long is reported as hung. */
const WATCHDOG_MS = 8_000;
/** How long a handler that aborts the signal stays pending afterwards. */
const PENDING_AFTER_ABORT_MS = 20;

/** One hook event as a recording handler saw it. */
export interface RecordedEvent {
  /** `client`: a handler on the client; `call`: one in the call's own `hooks`. */
  source: 'client' | 'call';
  name: HookName;
  /** The first payload argument (kwargs, completion, usage or error). */
  payload: unknown;
  /** The second, for attempt-scoped events. */
  attempt?: AttemptInfo;
}

/** Everything a user could observe of one call. */
export interface CallObservation {
  settled: 'resolved' | 'rejected' | 'hung';
  result?: CreateResult<User>;
  error?: unknown;
  /** Client and per-call events, interleaved in firing order. */
  events: RecordedEvent[];
  /** Every request body the SDK sent, in order. */
  sent: RecordedRequest[];
  /** The caller's messages, deep-equal to what they were before the call. */
  callerMessagesIntact: boolean;
}

/** The caller's messages of every call: a system prompt JSON modes append to, and the question. */
export function callerMessages(): ChatCompletionMessageParam[] {
  return [
    { role: 'system', content: 'You extract people.' },
    { role: 'user', content: 'Extract: Jason is 25' },
  ];
}

/**
 * Plays scenarios through the real SDK over loopback HTTP: FakeOpenAIServer answers, except for
 * transport faults, which a fetch in front of the SDK's sends to the fault server instead.
 */
export class PipelineHarness {
  private constructor(
    readonly server: FakeOpenAIServer,
    readonly faults: FaultServer,
  ) {}

  static async start(): Promise<PipelineHarness> {
    return new PipelineHarness(await FakeOpenAIServer.start(), await FaultServer.start());
  }

  async stop(): Promise<void> {
    await Promise.all([this.server.stop(), this.faults.stop()]);
  }

  /** Makes the call `scenario` describes and records what it did. */
  async run(scenario: CallScenario): Promise<CallObservation> {
    this.server.reset();
    const plans = [...scenario.replies];
    const sent: RecordedRequest[] = [];
    const controller = new AbortController();
    this.faults.onHang = () => controller.abort();
    const routedFetch = (input: FetchInput, init?: RequestInit): Promise<Response> => {
      sent.push(bodyOf(init));
      const plan = plans.shift();
      let url = urlOf(input);
      if (plan?.kind === 'fault')
        url = url.replace(this.server.url, this.faults.baseUrl(plan.fault));
      else if (plan) this.server.reply(scriptFor(plan, LATE_REPLY_MS));
      return fetch(url, init);
    };
    const client = fromProvider('openai/gpt-4.1-mini', {
      client: this.server.client({ fetch: routedFetch }),
      mode: scenario.mode,
      maxRetries: scenario.maxRetries,
    });
    const events: RecordedEvent[] = [];
    record(client, events, scenario, controller);
    if (scenario.throwingHandlerOn) {
      client.on(scenario.throwingHandlerOn, () => {
        throw new Error('pipeline fuzz: a handler that throws');
      });
    }
    const callHooks = scenario.perCallHooks
      ? recordingHooks(events, scenario.hookPacing)
      : undefined;

    const messages = callerMessages();
    const snapshot = JSON.parse(JSON.stringify(messages)) as unknown;
    const timesOut = scenario.replies.some((plan) => plan.kind === 'timeout');
    const call = client.createWithCompletion(
      {
        messages,
        responseModel: User,
        ...(scenario.n === undefined ? {} : { n: scenario.n }),
        ...(callHooks ? { hooks: callHooks } : {}),
        ...(scenario.signalIn === 'params' ? { signal: controller.signal } : {}),
      },
      {
        ...(scenario.signalIn === 'requestOptions' ? { signal: controller.signal } : {}),
        ...(timesOut ? { timeout: TIMEOUT_MS } : {}),
      },
    );
    const settled = await settle(call);
    this.faults.onHang = undefined;
    // An aborted call does not wait for pending handlers; the ones after them run once they
    // settle. Let them finish here, so that nothing they do lands in the next run.
    if (controller.signal.aborted) await delay(PENDING_AFTER_ABORT_MS * 3);
    controller.abort(); // frees a hung request the call no longer waits for
    return {
      ...settled,
      events,
      sent,
      callerMessagesIntact: isDeepStrictEqual(messages, snapshot),
    };
  }
}

type Settled = Pick<CallObservation, 'settled' | 'result' | 'error'>;

async function settle(call: Promise<CreateResult<User>>): Promise<Settled> {
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<Settled>((resolve) => {
    timer = setTimeout(() => resolve({ settled: 'hung' }), WATCHDOG_MS);
  });
  const outcome = call.then(
    (result): Settled => ({ settled: 'resolved', result }),
    (error: unknown): Settled => ({ settled: 'rejected', error }),
  );
  try {
    return await Promise.race([outcome, watchdog]);
  } finally {
    clearTimeout(timer);
  }
}

/** Client handlers that record every event, pace themselves and abort where the scenario says. */
function record(
  client: Instructor,
  events: RecordedEvent[],
  scenario: CallScenario,
  controller: AbortController,
): void {
  let attemptNumber = 0;
  for (const name of Object.values(HookName)) {
    client.on(name, (payload: unknown, attempt?: AttemptInfo) => {
      if (name === HookName.COMPLETION_KWARGS) attemptNumber += 1;
      events.push({ source: 'client', name, payload, ...(attempt ? { attempt } : {}) });
      const { abort } = scenario;
      if (abort?.event === name && abort.attemptNumber === attemptNumber) {
        controller.abort();
        return delay(PENDING_AFTER_ABORT_MS);
      }
      return pace(scenario.hookPacing);
    });
  }
}

/** Per-call hooks that record every event (source `call`) and pace themselves. */
export function recordingHooks(events: RecordedEvent[], pacing: HookPacing): Hooks {
  const hooks = new Hooks();
  for (const name of Object.values(HookName)) {
    hooks.on(name, (payload: unknown, attempt?: AttemptInfo) => {
      events.push({ source: 'call', name, payload, ...(attempt ? { attempt } : {}) });
      return pace(pacing);
    });
  }
  return hooks;
}

/** What a recording handler returns: nothing, a resolved promise, or a short timer. */
export function pace(pacing: HookPacing): Promise<void> | undefined {
  if (pacing === 'sync') return undefined;
  if (pacing === 'microtask') return Promise.resolve();
  return delay(1);
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
