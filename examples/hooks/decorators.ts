// Handler classes: mark methods with @OnHook, then collect an instance's handlers with Hooks.from.
// With OPENAI_API_KEY set this asks OpenAI; without it, a local testing server plays the model.
import 'reflect-metadata';
import { IsInt, IsString } from 'class-validator';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import {
  fromProvider,
  HookName,
  Hooks,
  OnHook,
  type AttemptInfo,
  type Instructor,
} from 'class-instructor';
import { FakeOpenAIServer } from 'class-instructor/testing';

class User {
  @IsString() name!: string;
  @IsInt() age!: number;
}

/** Counts requests, failed attempts and tokens. Methods keep `this`: Hooks.from binds them. */
class MetricsHooks {
  requests = 0;
  failedAttempts = 0;
  totalTokens = 0;

  @OnHook('completion:kwargs')
  countRequest(kwargs: ChatCompletionCreateParams): void {
    this.requests += 1;
    console.log(`[metrics] request #${this.requests} to ${kwargs.model}`);
  }

  // Stacked: one method for two events. Its parameters must fit both payloads.
  @OnHook('completion:error')
  @OnHook(HookName.PARSE_ERROR)
  countFailure(error: Error, attempt: AttemptInfo): void {
    this.failedAttempts += 1;
    console.log(`[metrics] attempt ${attempt.attemptNumber} failed: ${error.name}`);
  }

  // The usage is cumulative over the call's attempts: keep the latest, do not add them up.
  @OnHook('completion:usage')
  recordUsage(usage: CompletionUsage): void {
    this.totalTokens = usage.total_tokens;
  }
}

async function main(): Promise<void> {
  const metrics = new MetricsHooks();
  const hooks = Hooks.from(metrics); // an ordinary Hooks: combine it, pass it per client or per call

  let server: FakeOpenAIServer | undefined;
  let client: Instructor;
  if (process.env.OPENAI_API_KEY) {
    client = fromProvider('openai/gpt-4.1-mini', { hooks });
  } else {
    server = await FakeOpenAIServer.start();
    // The stand-in model first writes the age as a word, where an integer is required.
    server.reply(
      { toolCall: { name: 'User', arguments: { name: 'John', age: 'twenty' } } },
      { toolCall: { name: 'User', arguments: { name: 'John', age: 20 } } },
    );
    client = fromProvider('openai/gpt-4.1-mini', { client: server.client(), hooks });
    console.log(
      'NOTICE: OPENAI_API_KEY is not set; a local testing server stands in for the model.',
    );
  }

  try {
    const user = await client.create({
      messages: [{ role: 'user', content: 'Extract: John is twenty' }],
      responseModel: User,
    });
    console.log('Extracted:', user);
  } finally {
    await server?.stop();
  }
  const { requests, failedAttempts, totalTokens } = metrics;
  console.log(`Requests: ${requests}, failed attempts: ${failedAttempts}, tokens: ${totalTokens}`);

  // Scripted: two requests, the first invalid, 15 tokens each. A real model may need one.
  const expected = server ? [2, 1, 30] : [requests, requests - 1, totalTokens];
  if ([requests, failedAttempts, totalTokens].join() !== expected.join() || totalTokens <= 0) {
    console.error(`Expected requests, failures and tokens ${expected.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
