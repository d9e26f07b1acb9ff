import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { fromProvider, Mode, type CallStream, type Instructor } from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { sseChunk } from '../integration/support';

// createPartial's consumer over HTTP: which streamed text is the answer, which partials are
// yielded, and which classes their objects are while the model writes.

class User {
  @IsString() name!: string;
  @IsInt() @Min(0) age!: number;
}

class Address {
  @IsString() city!: string;
}

class Member {
  @IsString() name!: string;
}

class Team {
  @IsString() name!: string;
  @ValidateNested() @Type(() => Address) address!: Address;
  @ValidateNested({ each: true }) @Type(() => Member) members!: Member[];
  @IsString({ each: true }) tags!: string[];
}

const messages = [{ role: 'user' as const, content: 'Extract it' }];
const jason = { name: 'Jason', age: 25 };

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

function client(mode: Mode = Mode.JSON, maxRetries = 0): Instructor {
  return fromProvider('openai/gpt-4.1-mini', { client: server.client(), mode, maxRetries });
}

/** A streamed text reply, one content delta per piece. */
function contentSse(pieces: readonly string[]): string {
  return (
    pieces
      .map((content) => sseChunk([{ index: 0, delta: { content }, finish_reason: null }]))
      .join('') +
    sseChunk([{ index: 0, delta: {}, finish_reason: 'stop' }]) +
    'data: [DONE]\n\n'
  );
}

/** A streamed reply of tool calls: each delta is `[call index, name (first delta only), text]`. */
function toolSse(deltas: ReadonlyArray<readonly [number, string | undefined, string]>): string {
  return (
    deltas
      .map(([index, name, text]) =>
        sseChunk([
          {
            index: 0,
            delta: {
              tool_calls: [
                name === undefined
                  ? { index, function: { arguments: text } }
                  : {
                      index,
                      id: `call_${index}`,
                      type: 'function',
                      function: { name, arguments: text },
                    },
              ],
            },
            finish_reason: null,
          },
        ]),
      )
      .join('') +
    sseChunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]) +
    'data: [DONE]\n\n'
  );
}

/** Each value the stream yielded, as JSON taken when it was yielded, with its attempt number. */
async function snapshots<Y>(stream: CallStream<Y, unknown>): Promise<string[]> {
  const seen: string[] = [];
  for await (const value of stream) seen.push(`${stream.attemptNumber} ${JSON.stringify(value)}`);
  return seen;
}

describe('the partials of one reply', () => {
  it('are yielded whenever the visible object changed, then the validated instance', async () => {
    server.reply({ sse: contentSse(['{"name":', '"Jas', 'on","age":2', '', '5}']) });

    const seen = await snapshots(client().createPartial({ messages, responseModel: User }));

    expect(seen).toEqual([
      '1 {}',
      '1 {"name":"Jas"}',
      '1 {"name":"Jason"}',
      '1 {"name":"Jason","age":25}',
      '1 {"name":"Jason","age":25}',
    ]);
  });

  it('stream while the model chats before the JSON; the final object is read like create()', async () => {
    server.reply(
      { sse: contentSse(['Sure! Here: {"name":"Ja', 'son","age":25}']) },
      { sse: contentSse([JSON.stringify(jason)]) },
    );

    const seen = await snapshots(
      client(Mode.JSON, 1).createPartial({ messages, responseModel: User }),
    );

    // create() takes JSON only, so the chatty first reply is re-asked.
    expect(seen).toEqual([
      '1 {"name":"Ja"}',
      '1 {"name":"Jason","age":25}',
      '2 {"name":"Jason","age":25}',
      '2 {"name":"Jason","age":25}',
    ]);
  });

  it('show the completed object even when text follows it in the same delta', async () => {
    server.reply(
      { sse: contentSse(['{"name":"Jason",', '"age":25} Hope this helps!']) },
      { sse: contentSse([JSON.stringify(jason)]) },
    );

    const seen = await snapshots(
      client(Mode.JSON, 1).createPartial({ messages, responseModel: User }),
    );

    expect(seen).toEqual([
      '1 {"name":"Jason"}',
      '1 {"name":"Jason","age":25}',
      '2 {"name":"Jason","age":25}',
      '2 {"name":"Jason","age":25}',
    ]);
  });

  it('stop at JSON that breaks mid-stream; the reply is re-asked', async () => {
    server.reply(
      {
        sse: toolSse([
          [0, 'User', '{"name":"Jason",'],
          [0, undefined, ' oops'],
          [0, undefined, '"age":25}'],
        ]),
      },
      { toolCall: { name: 'User', arguments: jason } },
    );

    const seen = await snapshots(
      client(Mode.TOOLS, 1).createPartial({ messages, responseModel: User }),
    );

    expect(seen).toEqual([
      '1 {"name":"Jason"}',
      '2 {}',
      '2 {"name":"Jason"}',
      '2 {"name":"Jason","age":25}',
      '2 {"name":"Jason","age":25}',
    ]);
    expect(server.requests).toHaveLength(2);
  });
  it('never show a key the class does not declare', async () => {
    server.reply({ sse: contentSse(['{"name":"Jason","isAdmin":', 'true,"age":25}']) });

    const seen = await snapshots(client().createPartial({ messages, responseModel: User }));

    expect(seen).toEqual([
      '1 {"name":"Jason"}',
      '1 {"name":"Jason","age":25}',
      '1 {"name":"Jason","age":25}',
    ]);
  });
});

describe('which tool call is the answer', () => {
  it('never streams an earlier call of another tool, even over several deltas', async () => {
    server.reply({
      sse: toolSse([
        [0, 'search_web', '{"name":'],
        [0, undefined, '"INJECTED",'],
        [0, undefined, '"age":1}'],
        [1, 'User', '{"name":"Jason",'],
        [1, undefined, '"age":25}'],
      ]),
    });

    const seen = await snapshots(
      client(Mode.TOOLS).createPartial({ messages, responseModel: User }),
    );

    expect(seen).toEqual([
      '1 {"name":"Jason"}',
      '1 {"name":"Jason","age":25}',
      '1 {"name":"Jason","age":25}',
    ]);
  });

  it('reads only the answer call when another call is streamed in between', async () => {
    server.reply({
      sse: toolSse([
        [0, 'User', '{"name":"Ja'],
        [1, 'search_web', '{"query":"who'],
        [0, undefined, 'son","age"'],
        [1, undefined, ' is Jason"}'],
        [0, undefined, ':25}'],
      ]),
    });

    const seen = await snapshots(
      client(Mode.TOOLS).createPartial({ messages, responseModel: User }),
    );

    expect(seen).toEqual([
      '1 {"name":"Ja"}',
      '1 {"name":"Jason"}',
      '1 {"name":"Jason","age":25}',
      '1 {"name":"Jason","age":25}',
    ]);
  });
});

describe('objects while streaming', () => {
  /** What a partial Team is made of: its JSON and the class of each object in it. */
  function describeTeam(team: Partial<Team>): unknown {
    return {
      json: JSON.stringify(team),
      team: team.constructor.name,
      address: team.address?.constructor.name,
      members: team.members?.map((member) => member.constructor.name),
    };
  }

  it('are instances of their @Type class, in objects and in arrays, as soon as they appear', async () => {
    server.reply({
      sse: contentSse([
        '{"name":"A","address":{"ci',
        'ty":"Paris"},"members":[{"na',
        'me":"B"},{',
        '"name":"F"}],"tags":["x"',
        ']}',
      ]),
    });

    const partials: unknown[] = [];
    for await (const team of client().createPartial({ messages, responseModel: Team })) {
      partials.push(describeTeam(team as Partial<Team>));
    }

    expect(partials).toEqual([
      { json: '{"name":"A","address":{}}', team: 'Team', address: 'Address', members: undefined },
      {
        json: '{"name":"A","address":{"city":"Paris"},"members":[{}]}',
        team: 'Team',
        address: 'Address',
        members: ['Member'],
      },
      {
        json: '{"name":"A","address":{"city":"Paris"},"members":[{"name":"B"},{}]}',
        team: 'Team',
        address: 'Address',
        members: ['Member', 'Member'],
      },
      {
        json: '{"name":"A","address":{"city":"Paris"},"members":[{"name":"B"},{"name":"F"}],"tags":["x"]}',
        team: 'Team',
        address: 'Address',
        members: ['Member', 'Member'],
      },
      {
        json: '{"name":"A","address":{"city":"Paris"},"members":[{"name":"B"},{"name":"F"}],"tags":["x"]}',
        team: 'Team',
        address: 'Address',
        members: ['Member', 'Member'],
      },
    ]);
  });
});
