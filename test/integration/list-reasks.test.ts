import 'reflect-metadata';
import { IsInt, IsString, Min } from 'class-validator';
import {
  fromProvider,
  InstructorRetryException,
  Mode,
  type FromProviderOptions,
  type Instructor,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { failureOf } from './support';

// Lists (createIterable, Mode.PARALLEL_TOOLS): what each kind of bad reply is re-asked with.

class Person {
  @IsString() name!: string;
  @IsInt() @Min(0) age!: number;
}

class Address {
  @IsString() city!: string;
}

const messages = [{ role: 'user' as const, content: 'Extract the people' }];
const jason = { name: 'Jason', age: 25 };

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

function client(options: FromProviderOptions = {}): Instructor {
  return fromProvider('openai/gpt-4.1-mini', { client: server.client(), ...options });
}

/** Every value of `stream`, or the error it ended with. */
async function drain(stream: AsyncIterable<unknown>): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const value of stream) values.push(value);
  return values;
}

/** The correction text of the re-ask the n-th request (1-based) carried, whatever its role. */
function correctionOf(requestNumber: number): string {
  const sent = server.requests[requestNumber - 1]!.messages;
  const content = sent[sent.length - 1]!.content;
  return typeof content === 'string' ? content : JSON.stringify(content);
}

describe('createIterable re-asks', () => {
  it('for the whole list when its first element is invalid', async () => {
    server.reply(
      { toolCall: { name: 'PersonList', arguments: { items: [{ name: 'Jason', age: -1 }] } } },
      { toolCall: { name: 'PersonList', arguments: { items: [jason] } } },
    );

    const values = await drain(client().createIterable({ messages, responseModel: Person }));

    expect(values).toEqual([jason]);
    expect(correctionOf(2)).toBe(
      'Your previous answer was invalid.\nElement 1: Person failed validation:\n' +
        'age: age must not be less than 0\nReply again with the whole list, fixing these errors.',
    );
  });

  it('when the reply holds no `items` list', async () => {
    server.reply({ toolCall: { name: 'PersonList', arguments: { people: [jason] } } });

    const error = await failureOf(
      drain(client({ maxRetries: 0 }).createIterable({ messages, responseModel: Person })),
    );

    expect(error).toBeInstanceOf(InstructorRetryException);
    expect(error).toMatchObject({ cause: { message: 'The reply has no `items` list.' } });
  });

  it('when the streamed arguments are not JSON, keeping the elements read before', async () => {
    server.reply(
      { toolCall: { name: 'PersonList', arguments: `{"items": [${JSON.stringify(jason)}, {"na` } },
      { toolCall: { name: 'PersonList', arguments: { items: [{ name: 'Ada', age: 36 }] } } },
    );

    const values = await drain(client().createIterable({ messages, responseModel: Person }));

    expect(values).toEqual([jason, { name: 'Ada', age: 36 }]);
    expect(correctionOf(2)).toContain('Elements 1 to 1 were accepted');
  });
});

describe('Mode.PARALLEL_TOOLS re-asks a call to a tool it did not offer', () => {
  it('in createIterable, naming the tool and the ones offered', async () => {
    server.reply(
      {
        toolCalls: [
          { name: 'Person', arguments: jason },
          { name: 'Pet', arguments: { name: 'Rex' } },
        ],
      },
      { toolCalls: [{ name: 'Address', arguments: { city: 'Oslo' } }] },
    );

    const values = await drain(
      client({ mode: Mode.PARALLEL_TOOLS }).createIterable({
        messages,
        responseModel: [Person, Address],
      }),
    );

    expect(values).toEqual([jason, { city: 'Oslo' }]);
    expect(correctionOf(2)).toContain(
      'Element 2: The reply called `Pet`; expected one of `Person`, `Address`.',
    );
  });

  it('in create, naming the call by its position', async () => {
    server.reply(
      {
        toolCalls: [
          { name: 'Person', arguments: jason },
          { name: 'Pet', arguments: { name: 'Rex' } },
        ],
      },
      { toolCalls: [{ name: 'Person', arguments: jason }] },
    );

    const result = await client({ mode: Mode.PARALLEL_TOOLS }).create({
      messages,
      responseModel: [Person, Address],
    });

    expect(result).toEqual([jason]);
    expect(correctionOf(2)).toContain(
      'Tool call 2 called `Pet`; expected one of `Person`, `Address`.',
    );
  });
});
