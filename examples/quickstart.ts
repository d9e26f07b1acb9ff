// Quickstart: extract a typed, validated object from text.
// With OPENAI_API_KEY set this asks OpenAI. Without it, an embedded local model answers
// (local/default: a small instruct model downloaded on first use into your cache directory, or
// the GGUF file CLASS_INSTRUCTOR_LOCAL_MODEL names). When neither can run (offline, nothing
// cached), a local testing server plays the model, so the pipeline still shows.
import 'reflect-metadata';
import { IsInt, IsString, Min } from 'class-validator';
import {
  ConfigurationError,
  Description,
  fromProvider,
  InstructorRetryException,
  type Instructor,
} from 'class-instructor';
import { FakeOpenAIServer } from 'class-instructor/testing';

@Description('A person mentioned in the text')
class User {
  @IsString() name!: string;
  @IsInt() @Min(0) @Description('Age in whole years') age!: number;
}

async function extract(client: Instructor): Promise<void> {
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
  } catch (error) {
    // Every re-ask failed: a real outcome with a model too small for the task, not a crash.
    if (!InstructorRetryException.isInstance(error)) throw error;
    console.log(`No valid User after ${error.nAttempts} attempts (${error.reason}).`);
  }
}

/** The testing server stands in for the model: a wrong age first, so the re-ask shows too. */
async function withStandIn(): Promise<void> {
  const server = await FakeOpenAIServer.start();
  server.reply(
    { toolCall: { name: 'User', arguments: { name: 'Jason', age: -25 } } },
    { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } },
  );
  try {
    await extract(fromProvider('openai/gpt-4.1-mini', { client: server.client() }));
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  if (process.env.OPENAI_API_KEY) {
    await extract(fromProvider('openai/gpt-4.1-mini'));
    return;
  }
  console.log('OPENAI_API_KEY is not set: asking the embedded local model (local/default).');
  let local: Instructor;
  try {
    local = fromProvider('local/default');
  } catch (error) {
    if (!ConfigurationError.isInstance(error)) throw error;
    console.log(`NOTICE: the local model cannot run here: ${error.message}`);
    console.log('NOTICE: a local testing server stands in for the model instead.');
    return withStandIn();
  }
  try {
    await extract(local);
  } catch (error) {
    // Offline with nothing cached: the download failed and says how to get the model.
    if (!ConfigurationError.isInstance(error)) throw error;
    console.log(`NOTICE: the local model cannot run here: ${error.message}`);
    console.log('NOTICE: a local testing server stands in for the model instead.');
    await withStandIn();
  } finally {
    await local.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
