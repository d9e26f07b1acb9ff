// Hooks for logging: print the params of every request and every raw response.
// With OPENAI_API_KEY set this asks OpenAI; without it, a local testing server plays the model.
import 'reflect-metadata';
import { IsInt, IsString } from 'class-validator';
import type { ChatCompletion, ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { fromProvider, HookName, type Instructor } from 'class-instructor';
import { FakeOpenAIServer } from 'class-instructor/testing';

class User {
  @IsString() name!: string;
  @IsInt() age!: number;
}

async function main(): Promise<void> {
  let server: FakeOpenAIServer | undefined;
  let client: Instructor;
  if (process.env.OPENAI_API_KEY) {
    client = fromProvider('openai/gpt-4.1-mini');
  } else {
    server = await FakeOpenAIServer.start();
    server.reply(
      { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } },
      { toolCall: { name: 'User', arguments: { name: 'Ada', age: 36 } } },
    );
    client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
    console.log(
      'NOTICE: OPENAI_API_KEY is not set; a local testing server stands in for the model.',
    );
  }

  const logged: string[] = [];
  // Named functions, so they can be removed again with `off`.
  const logKwargs = (kwargs: ChatCompletionCreateParams): void => {
    logged.push('kwargs');
    console.log(`Model: ${kwargs.model}, ${kwargs.messages.length} message(s)`);
  };
  const logResponse = (response: ChatCompletion): void => {
    logged.push('response');
    const usage = response.usage;
    console.log(`Response ${response.id} from ${response.model}: ${usage?.total_tokens} tokens`);
  };

  // The string name and the HookName member are the same event.
  client.on('completion:kwargs', logKwargs);
  client.on(HookName.COMPLETION_RESPONSE, logResponse);

  try {
    const user = await client.create({
      messages: [{ role: 'user', content: 'Extract: Jason is 25' }],
      responseModel: User,
    });
    console.log('Extracted:', user);

    // Stop logging requests; `clear()` with no name would remove every handler.
    client.off(HookName.COMPLETION_KWARGS, logKwargs);
    await client.create({
      messages: [{ role: 'user', content: 'Extract: Ada is 36' }],
      responseModel: User,
    });
    client.clear('completion:response');
  } finally {
    await server?.stop();
  }

  const expected = ['kwargs', 'response', 'response'];
  if (logged.join() !== expected.join() || client.hooks.handlerCount() !== 0) {
    console.error(`Expected the hooks to log ${expected.join(', ')}; got ${logged.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
