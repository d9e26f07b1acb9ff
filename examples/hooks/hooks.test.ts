// Testing with hooks: observe what a call sent and received, with the testing server as the model.
import 'reflect-metadata';
import { IsInt, IsString } from 'class-validator';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import { fromProvider, HookName, type Instructor } from 'class-instructor';
import { FakeOpenAIServer } from 'class-instructor/testing';

class User {
  @IsString() name!: string;
  @IsInt() age!: number;
}

describe('testing with hooks', () => {
  let server: FakeOpenAIServer;
  let client: Instructor;

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  beforeEach(() => {
    server.reset();
    client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
  });
  afterAll(() => server.stop());

  it('hands the raw response of the requested model to a completion:response handler', async () => {
    server.reply({ toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } });
    const onResponse = jest.fn<void, [ChatCompletion]>();
    client.on('completion:response', onResponse);

    const user = await client.create({
      messages: [{ role: 'user', content: 'Extract: Jason is 25' }],
      responseModel: User,
    });

    expect(user).toEqual(Object.assign(new User(), { name: 'Jason', age: 25 }));
    expect(onResponse).toHaveBeenCalledTimes(1);
    const [response] = onResponse.mock.calls[0]!;
    expect(response.model).toBe('gpt-4.1-mini');
  });

  it('reports a re-ask and its success as one ordered list of events', async () => {
    server.reply(
      { toolCall: { name: 'User', arguments: { name: 'John', age: 'twenty' } } },
      { toolCall: { name: 'User', arguments: { name: 'John', age: 20 } } },
    );
    const events: string[] = [];
    for (const name of Object.values(HookName)) client.on(name, () => events.push(name));

    await client.create({
      messages: [{ role: 'user', content: 'Extract: John is twenty' }],
      responseModel: User,
    });

    expect(events).toEqual([
      'completion:kwargs',
      'completion:response',
      'completion:usage',
      'parse:error',
      'completion:kwargs',
      'completion:response',
      'completion:usage',
    ]);
  });

  it('ends a failed call with completion:last_attempt, right after the error', async () => {
    server.reply({ error: { status: 500 } });
    const events: string[] = [];
    for (const name of Object.values(HookName)) client.on(name, () => events.push(name));

    await expect(
      client.create({
        messages: [{ role: 'user', content: 'Extract: John is twenty' }],
        responseModel: User,
      }),
    ).rejects.toMatchObject({ name: 'ProviderError', status: 500 });

    expect(events).toEqual(['completion:kwargs', 'completion:error', 'completion:last_attempt']);
  });
});
