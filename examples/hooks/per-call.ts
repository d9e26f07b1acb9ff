// Per-call hooks: debug one call without touching the client's own hooks.
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

  // Client hooks run for every call of the client.
  const clientHooks = new Hooks().on('completion:kwargs', () => {
    seen.push('client:kwargs');
    console.log('[client] sending a request');
  });

  // Debug hooks for the calls we are investigating.
  const debugHooks = new Hooks()
    .on('completion:kwargs', (kwargs) => {
      seen.push('debug:kwargs');
      console.log(`[debug] ${kwargs.messages.length} message(s) in the request`);
    })
    .on('parse:error', (error, attempt) => {
      seen.push('debug:parse:error');
      console.log(`[debug] attempt ${attempt.attemptNumber} did not validate: ${error.message}`);
    });

  let server: FakeOpenAIServer | undefined;
  let client: Instructor;
  if (process.env.OPENAI_API_KEY) {
    client = fromProvider('openai/gpt-4.1-mini', { hooks: clientHooks });
  } else {
    server = await FakeOpenAIServer.start();
    server.reply(
      { toolCall: { name: 'User', arguments: { name: 'Alice', age: 'twenty-five' } } },
      { toolCall: { name: 'User', arguments: { name: 'Alice', age: 25 } } },
      { toolCall: { name: 'User', arguments: { name: 'Bob', age: 31 } } },
    );
    client = fromProvider('openai/gpt-4.1-mini', { client: server.client(), hooks: clientHooks });
    console.log(
      'NOTICE: OPENAI_API_KEY is not set; a local testing server stands in for the model.',
    );
  }

  let debugged: string[] = [];
  try {
    const alice = await client.create({
      messages: [{ role: 'user', content: 'Extract: Alice is twenty-five' }],
      responseModel: User,
      hooks: debugHooks, // runs after the client's hooks, for this call only
    });
    console.log('Extracted:', alice);
    debugged = seen.splice(0);

    const bob = await client.create({
      messages: [{ role: 'user', content: 'Extract: Bob is 31' }],
      responseModel: User,
    });
    console.log('Extracted without debug hooks:', bob);
  } finally {
    await server?.stop();
  }

  const problems: string[] = [];
  // Scripted: one invalid reply, then a valid one. A real model may get it right at once.
  const expected = server
    ? ['client:kwargs', 'debug:kwargs', 'debug:parse:error', 'client:kwargs', 'debug:kwargs']
    : debugged;
  if (debugged.join() !== expected.join()) problems.push(`debugged call: ${debugged.join(', ')}`);
  if (seen.join() !== 'client:kwargs') problems.push(`second call: ${seen.join(', ')}`);
  if (client.hooks.handlerCount() !== 1) problems.push('the per-call hooks changed the client');
  for (const problem of problems) console.error(`Unexpected: ${problem}`);
  if (problems.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
