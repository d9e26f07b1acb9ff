// Count every failed attempt of a call with one small handler object.
// With OPENAI_API_KEY set this asks OpenAI; without it, a local testing server plays the model.
import 'reflect-metadata';
import { IsInt, IsString } from 'class-validator';
import { fromProvider, type Instructor } from 'class-instructor';
import { FakeOpenAIServer } from 'class-instructor/testing';

class User {
  @IsString() name!: string;
  @IsInt() age!: number;
}

class ErrorCounter {
  count = 0;

  // An arrow-function field keeps `this` when the method is passed around as a handler.
  readonly handleError = (error: Error): void => {
    this.count += 1;
    console.log(`Error #${this.count}: ${error.name}: ${error.message}`);
  };
}

async function main(): Promise<void> {
  let server: FakeOpenAIServer | undefined;
  let client: Instructor;
  if (process.env.OPENAI_API_KEY) {
    client = fromProvider('openai/gpt-4.1-mini');
  } else {
    server = await FakeOpenAIServer.start();
    // The stand-in model first writes the age as a word, where an integer is required.
    server.reply(
      { toolCall: { name: 'User', arguments: { name: 'John', age: 'twenty' } } },
      { toolCall: { name: 'User', arguments: { name: 'John', age: 20 } } },
    );
    client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
    console.log(
      'NOTICE: OPENAI_API_KEY is not set; a local testing server stands in for the model.',
    );
  }

  const counter = new ErrorCounter();
  client.on('completion:error', counter.handleError);
  client.on('parse:error', counter.handleError);

  let user: User | undefined;
  try {
    user = await client.create({
      messages: [{ role: 'user', content: 'Extract: John is twenty' }],
      responseModel: User,
    });
    console.log('Extracted:', user);
  } catch (error) {
    console.log(`Final error: ${String(error)}`);
  } finally {
    await server?.stop();
  }
  console.log(`Total errors: ${counter.count}`);

  // The scripted model fails exactly once; a real one may get it right the first time.
  const expectedErrors = server ? 1 : counter.count;
  if (user?.age !== 20 || counter.count !== expectedErrors) {
    console.error(`Expected age 20 after ${expectedErrors} counted error(s).`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
