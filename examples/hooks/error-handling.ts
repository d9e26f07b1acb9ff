// Tell failures apart by error class: in hooks while the call runs, and in try/catch after it.
// With OPENAI_API_KEY set this asks OpenAI; without it, a local testing server plays the model
// and scripts one failure of each kind.
import 'reflect-metadata';
import { IsInt, IsString } from 'class-validator';
import {
  fromProvider,
  IncompleteOutputException,
  InstructorRetryException,
  ProviderError,
  RefusalError,
  ValidationError,
  type AttemptInfo,
  type Instructor,
} from 'class-instructor';
import { FakeOpenAIServer, type ReplyScript } from 'class-instructor/testing';

class User {
  @IsString() name!: string;
  @IsInt() age!: number;
}

/** One line per error, chosen by class (most specific first). */
function describeError(error: Error): string {
  if (error instanceof IncompleteOutputException) {
    return `incomplete output (finish_reason ${error.lastCompletion.choices[0]?.finish_reason})`;
  }
  if (error instanceof ValidationError) return `validation failed: ${error.errors.length} field(s)`;
  if (error instanceof ProviderError) {
    return `provider error (${error.provider}, HTTP ${error.status ?? '-'})`;
  }
  if (error instanceof InstructorRetryException) {
    return `retries exhausted after ${error.nAttempts} attempts`;
  }
  if (error instanceof RefusalError) return `refused: ${error.refusal}`;
  return `unexpected ${error.name}: ${error.message}`;
}

interface Scenario {
  title: string;
  /** What the stand-in model answers, one reply per attempt. */
  replies: ReplyScript[];
  /** Request params that provoke the same failure from a real model, where one reliably does. */
  params?: { max_tokens?: number; model?: string; maxRetries?: number };
  /** The error class the call must end with, and the hook lines it must produce. */
  expectedError: string;
  expectedHooks: string[];
}

const john = { name: 'John', age: 'twenty' };
const scenarios: Scenario[] = [
  {
    title: 'output cut off by the token limit',
    replies: [{ toolCall: { name: 'User', arguments: '{"name": "Jo' }, finishReason: 'length' }],
    params: { max_tokens: 1 },
    expectedError: 'IncompleteOutputException',
    expectedHooks: [
      'completion:error IncompleteOutputException',
      'completion:last_attempt IncompleteOutputException',
    ],
  },
  {
    title: 'every reply invalid until the re-asks run out',
    replies: [
      { toolCall: { name: 'User', arguments: john } },
      { toolCall: { name: 'User', arguments: john } },
    ],
    params: { maxRetries: 1 },
    expectedError: 'InstructorRetryException',
    expectedHooks: [
      'parse:error ValidationError',
      'parse:error ValidationError',
      'completion:last_attempt ValidationError',
    ],
  },
  {
    title: 'the provider answers with an HTTP error',
    replies: [{ error: { status: 500 } }],
    params: { model: 'no-such-model' },
    expectedError: 'ProviderError',
    expectedHooks: ['completion:error ProviderError', 'completion:last_attempt ProviderError'],
  },
  {
    title: 'the model refuses',
    replies: [{ refusal: 'I cannot help with that.' }],
    expectedError: 'RefusalError',
    expectedHooks: ['completion:error RefusalError', 'completion:last_attempt RefusalError'],
  },
];

async function main(): Promise<void> {
  let server: FakeOpenAIServer | undefined;
  let client: Instructor;
  if (process.env.OPENAI_API_KEY) {
    client = fromProvider('openai/gpt-4.1-mini');
  } else {
    server = await FakeOpenAIServer.start();
    client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
    console.log(
      'NOTICE: OPENAI_API_KEY is not set; a local testing server stands in for the model.',
    );
  }

  let hookLines: string[] = [];
  const onError =
    (event: string) =>
    (error: Error, attempt: AttemptInfo): void => {
      hookLines.push(`${event} ${error.name}`);
      const { attemptNumber, maxAttempts } = attempt;
      console.log(`  ${event} (attempt ${attemptNumber}/${maxAttempts}): ${describeError(error)}`);
    };
  client.on('completion:error', onError('completion:error'));
  client.on('parse:error', onError('parse:error'));
  client.on('completion:last_attempt', onError('completion:last_attempt'));

  let failures = 0;
  try {
    for (const scenario of scenarios) {
      // Some failures cannot be provoked from a real model on demand: they are scripted only.
      if (!server && !scenario.params) continue;
      console.log(`\n${scenario.title}:`);
      hookLines = [];
      server?.reply(...scenario.replies);
      let caught = 'no error';
      try {
        await client.create({
          messages: [{ role: 'user', content: 'Extract: John is twenty' }],
          responseModel: User,
          ...scenario.params,
        });
      } catch (error) {
        if (!(error instanceof Error)) throw error;
        caught = error.name;
        console.log(`  caught: ${describeError(error)}`);
      }
      const outcome = [caught, ...hookLines].join(' | ');
      const expected = [scenario.expectedError, ...scenario.expectedHooks].join(' | ');
      // A real model may still answer well; only the scripted outcome is certain.
      if (server && outcome !== expected) {
        console.error(`  UNEXPECTED: ${outcome}\n  expected:   ${expected}`);
        failures++;
      }
    }
  } finally {
    await server?.stop();
  }
  if (failures > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
