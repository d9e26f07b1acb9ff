// Quickstart: extract a typed, validated object from text.
// With OPENAI_API_KEY set this asks OpenAI; without it, a local testing server plays the model.
import 'reflect-metadata';
import { IsInt, IsString, Min } from 'class-validator';
import { Description, fromProvider, type Instructor } from 'class-instructor';
import { FakeOpenAIServer } from 'class-instructor/testing';

@Description('A person mentioned in the text')
class User {
  @IsString() name!: string;
  @IsInt() @Min(0) @Description('Age in whole years') age!: number;
}

async function main(): Promise<void> {
  let server: FakeOpenAIServer | undefined;
  let client: Instructor;
  if (process.env.OPENAI_API_KEY) {
    client = fromProvider('openai/gpt-4.1-mini');
  } else {
    server = await FakeOpenAIServer.start();
    // The stand-in model first answers with an invalid age, so the re-ask is visible too.
    server.reply(
      { toolCall: { name: 'User', arguments: { name: 'Jason', age: -25 } } },
      { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } },
    );
    client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
    console.log(
      'NOTICE: OPENAI_API_KEY is not set; a local testing server stands in for the model.',
    );
  }

  client.on('completion:kwargs', (kwargs) => console.log(`Model: ${kwargs.model}`));
  client.on('parse:error', (error, attempt) =>
    console.log(`Attempt ${attempt.attemptNumber} did not validate:\n${error.message}`),
  );
  try {
    const { data: user, attempts } = await client.createWithCompletion({
      messages: [{ role: 'user', content: 'Extract: Jason is 25' }],
      responseModel: User,
    });
    console.log(`Extracted after ${attempts} attempt(s):`, user, user instanceof User);
  } finally {
    await server?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
