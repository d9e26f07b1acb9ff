// Custom events: the app emits its own events on the same Hooks set the client reports to.
// With OPENAI_API_KEY set this asks OpenAI; without it, a local testing server plays the model.
import 'reflect-metadata';
import { IsInt, IsString } from 'class-validator';
import { fromProvider, Hooks, type Instructor } from 'class-instructor';
import { FakeOpenAIServer } from 'class-instructor/testing';

class User {
  @IsString() name!: string;
  @IsInt() age!: number;
}

/** The app's events: name → what a handler receives. */
interface AppEvents {
  'cache:hit': [text: string];
  'cache:miss': [text: string];
}

async function main(): Promise<void> {
  const seen: string[] = [];
  // Types cannot be read at run time, so the custom names are listed once more in `events`.
  const hooks = new Hooks<AppEvents>({ events: ['cache:hit', 'cache:miss'] })
    .on('cache:hit', (text) => seen.push(`cache:hit ${text}`))
    .on('cache:miss', (text) => seen.push(`cache:miss ${text}`))
    .on('completion:response', (response) => seen.push(`completion:response ${response.id}`));

  let server: FakeOpenAIServer | undefined;
  let client: Instructor;
  if (process.env.OPENAI_API_KEY) {
    client = fromProvider('openai/gpt-4.1-mini', { hooks });
  } else {
    server = await FakeOpenAIServer.start();
    server.reply({ toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } });
    client = fromProvider('openai/gpt-4.1-mini', { client: server.client(), hooks });
    console.log(
      'NOTICE: OPENAI_API_KEY is not set; a local testing server stands in for the model.',
    );
  }

  const cache = new Map<string, User>();
  async function extractUser(text: string): Promise<User> {
    const cached = cache.get(text);
    if (cached) {
      await hooks.emit('cache:hit', text); // typed: `emit('cache:hit', 42)` does not compile
      return cached;
    }
    await hooks.emit('cache:miss', text);
    const user = await client.create({
      messages: [{ role: 'user', content: `Extract: ${text}` }],
      responseModel: User,
    });
    cache.set(text, user);
    return user;
  }

  try {
    console.log('First:', await extractUser('Jason is 25'));
    console.log('Second:', await extractUser('Jason is 25'));
  } finally {
    await server?.stop();
  }
  console.log('Events:', seen);

  const expected = ['cache:miss Jason is 25', 'completion:response', 'cache:hit Jason is 25'];
  const actual = seen.map((line) => line.replace(/^(completion:response) .*/, '$1'));
  if (actual.join() !== expected.join() || (server && server.requests.length !== 1)) {
    console.error(`Expected one request and the events ${expected.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
