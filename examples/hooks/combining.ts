// Build hook sets separately (logging, metrics) and combine them for a client.
// With OPENAI_API_KEY set this asks OpenAI; without it, a local testing server plays the model.
import 'reflect-metadata';
import { IsInt, IsString } from 'class-validator';
import { fromProvider, Hooks, type Instructor } from 'class-instructor';
import { FakeOpenAIServer } from 'class-instructor/testing';

class User {
  @IsString() name!: string;
  @IsInt() age!: number;
}

async function main(): Promise<void> {
  const seen: string[] = [];

  const loggingHooks = new Hooks()
    .on('completion:kwargs', (kwargs) => {
      seen.push('logging:kwargs');
      console.log(`[log] request to ${kwargs.model}`);
    })
    .on('completion:response', (response) => {
      seen.push('logging:response');
      console.log(`[log] response ${response.id}`);
    });

  let totalTokens = 0;
  const metricsHooks = new Hooks().on('completion:response', (response) => {
    seen.push('metrics:response');
    totalTokens += response.usage?.total_tokens ?? 0;
  });

  // A new set: each event's handlers in argument order. Neither input changes.
  const combined = loggingHooks.combine(metricsHooks);
  // The same thing, as a static call taking any number of sets:
  const alsoCombined = Hooks.combine(loggingHooks, metricsHooks);
  // `copy()` clones a set; adding to the copy leaves the original alone.
  const debugHooks = combined.copy().on('parse:error', (error) => console.log(error.message));

  let server: FakeOpenAIServer | undefined;
  let client: Instructor;
  if (process.env.OPENAI_API_KEY) {
    client = fromProvider('openai/gpt-4.1-mini', { hooks: combined });
  } else {
    server = await FakeOpenAIServer.start();
    server.reply({ toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } });
    client = fromProvider('openai/gpt-4.1-mini', { client: server.client(), hooks: combined });
    console.log(
      'NOTICE: OPENAI_API_KEY is not set; a local testing server stands in for the model.',
    );
  }

  try {
    const user = await client.create({
      messages: [{ role: 'user', content: 'Extract: Jason is 25' }],
      responseModel: User,
    });
    console.log('Extracted:', user, `(${totalTokens} tokens)`);
  } finally {
    await server?.stop();
  }

  const problems: string[] = [];
  const expected = ['logging:kwargs', 'logging:response', 'metrics:response'];
  if (seen.join() !== expected.join()) problems.push(`handlers ran as ${seen.join(', ')}`);
  if (loggingHooks.handlerCount() !== 2 || metricsHooks.handlerCount() !== 1) {
    problems.push('combining changed an input set');
  }
  if (alsoCombined.handlerCount() !== 3 || combined.handlerCount('parse:error') !== 0) {
    problems.push('Hooks.combine or copy() did not give an independent set of 3 handlers');
  }
  if (debugHooks.handlerCount() !== 4) problems.push('the copy did not get its own handler');
  for (const problem of problems) console.error(`Unexpected: ${problem}`);
  if (problems.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
