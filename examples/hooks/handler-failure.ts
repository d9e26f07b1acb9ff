// A handler that throws never breaks the call: it is reported once as a process warning.
// With OPENAI_API_KEY set this asks OpenAI; without it, a local testing server plays the model.
import 'reflect-metadata';
import { IsInt, IsString } from 'class-validator';
import { fromProvider, HOOK_WARNING_CODE, type Instructor } from 'class-instructor';
import { FakeOpenAIServer } from 'class-instructor/testing';

class User {
  @IsString() name!: string;
  @IsInt() age!: number;
}

/** The `code` of the warning class-instructor emits for a failed hook handler. */

async function main(): Promise<void> {
  const hookWarnings: string[] = [];
  // Node also prints every warning to stderr; a listener lets you route them to your logger.
  const onWarning = (warning: Error & { code?: string }): void => {
    if (warning.code === HOOK_WARNING_CODE) hookWarnings.push(warning.message);
  };
  process.on('warning', onWarning);

  let server: FakeOpenAIServer | undefined;
  let client: Instructor;
  if (process.env.OPENAI_API_KEY) {
    client = fromProvider('openai/gpt-4.1-mini');
  } else {
    server = await FakeOpenAIServer.start();
    server.reply({ toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } });
    client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
    console.log(
      'NOTICE: OPENAI_API_KEY is not set; a local testing server stands in for the model.',
    );
  }

  let laterHandlerRan = false;
  client.on('completion:response', () => {
    throw new Error('metrics backend is down');
  });
  client.on('completion:response', () => {
    laterHandlerRan = true;
  });

  let user: User | undefined;
  try {
    user = await client.create({
      messages: [{ role: 'user', content: 'Extract: Jason is 25' }],
      responseModel: User,
    });
    console.log('Extracted despite the failing handler:', user);
  } finally {
    await server?.stop();
  }
  // Warnings are delivered on a later tick.
  await new Promise((resolve) => setImmediate(resolve));
  process.off('warning', onWarning);
  console.log(`Hook warnings: ${hookWarnings.length}`);
  console.log(hookWarnings[0]?.split('\n')[0]);

  if (!(user instanceof User) || !laterHandlerRan || hookWarnings.length !== 1) {
    console.error('Expected the call to succeed, the next handler to run and one warning.');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
