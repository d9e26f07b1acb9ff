import 'reflect-metadata';
import { IsInt, IsString } from 'class-validator';
import { fromProvider } from '../../src';
import { FakeOpenAIServer } from '../../src/testing';

// zone.js (Angular, OpenTelemetry's context-zone) and bluebird replace `globalThis.Promise`, while
// async functions keep returning the engine's own promises: results must not be told apart with
// `instanceof Promise`.

class Pet {
  @IsString() name!: string;
  @IsInt() age!: number;
}

const messages = [{ role: 'user' as const, content: 'Extract the pets' }];
const NativePromise = Promise;

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
  class ZoneLikePromise<T> extends NativePromise<T> {}
  globalThis.Promise = ZoneLikePromise;
});
afterAll(async () => {
  globalThis.Promise = NativePromise;
  await server.stop();
});
beforeEach(() => server.reset());

const client = () =>
  fromProvider('openai/gpt-4.1-mini', { client: server.client(), maxRetries: 1 });

describe('with globalThis.Promise replaced', () => {
  it('create() returns the validated instance, after a re-ask', async () => {
    server.reply(
      { toolCall: { name: 'Pet', arguments: { name: 'Rex', age: 'three' } } },
      { toolCall: { name: 'Pet', arguments: { name: 'Rex', age: 3 } } },
    );
    const result = await client().createWithCompletion({ messages, responseModel: Pet });
    expect(result.data).toBeInstanceOf(Pet);
    expect(result.data).toEqual({ name: 'Rex', age: 3 });
    expect(result.attempts).toBe(2);
  });

  it('createIterable() re-asks a list whose JSON breaks off, and returns the elements', async () => {
    server.reply(
      { toolCall: { name: 'PetList', arguments: '{"items": [{"name":"Rex","age":3}], "oops' } },
      { toolCall: { name: 'PetList', arguments: { items: [{ name: 'Tom', age: 2 }] } } },
    );
    const stream = client().createIterable({ messages, responseModel: Pet });
    const names: string[] = [];
    for await (const pet of stream) names.push(pet.name);
    expect(names).toEqual(['Rex', 'Tom']);
    expect(stream.result?.attempts).toBe(2);
    expect(stream.result?.data.map((pet) => pet.name)).toEqual(['Rex', 'Tom']);
    expect(server.requests).toHaveLength(2);
  });
});
