// Mode.PARALLEL_TOOLS: one function tool per class, and the model calls as many as the request
// needs in one reply. createIterable hands over each call, validated, as soon as it is complete;
// create returns them all as one list. `instanceof` tells the classes apart.
// With OPENAI_API_KEY set this asks OpenAI; without it, a local testing server plays the model.
import 'reflect-metadata';
import { IsIn, IsString } from 'class-validator';
import { Description, fromProvider, Mode, type Instructor } from 'class-instructor';
import { FakeOpenAIServer, type ReplyScript } from 'class-instructor/testing';

@Description('Look up the current weather in one city')
class GetWeather {
  @IsString() city!: string;
  @IsIn(['celsius', 'fahrenheit']) unit!: 'celsius' | 'fahrenheit';
}

@Description('Search the web for one question')
class SearchWeb {
  @IsString() query!: string;
}

const question =
  'What is the weather in Paris and in Tokyo, in celsius? And who won the 2022 World Cup?';

/** What running each call would do; the union narrows by class. */
function describe(call: GetWeather | SearchWeb): string {
  if (call instanceof GetWeather) return `weather in ${call.city} (${call.unit})`;
  return `web search: ${call.query}`;
}

async function main(): Promise<void> {
  let server: FakeOpenAIServer | undefined;
  let client: Instructor;
  if (process.env.OPENAI_API_KEY) {
    client = fromProvider('openai/gpt-4.1-mini', { mode: Mode.PARALLEL_TOOLS });
  } else {
    server = await FakeOpenAIServer.start();
    // The same three calls for the streamed call and for the plain one.
    const calls: ReplyScript = {
      toolCalls: [
        { name: 'GetWeather', arguments: { city: 'Paris', unit: 'celsius' } },
        { name: 'GetWeather', arguments: { city: 'Tokyo', unit: 'celsius' } },
        { name: 'SearchWeb', arguments: { query: 'winner of the 2022 FIFA World Cup' } },
      ],
    };
    server.reply(calls, calls);
    client = fromProvider('openai/gpt-4.1-mini', {
      client: server.client(),
      mode: Mode.PARALLEL_TOOLS,
    });
    console.log(
      'NOTICE: OPENAI_API_KEY is not set; a local testing server stands in for the model.',
    );
  }

  const requests: { tools: string[]; toolChoice: unknown; stream: boolean }[] = [];
  client.on('completion:kwargs', (kwargs) => {
    const tools = (kwargs.tools ?? []).map((tool) =>
      tool.type === 'function' ? tool.function.name : tool.type,
    );
    requests.push({ tools, toolChoice: kwargs.tool_choice, stream: kwargs.stream === true });
  });

  const messages = [{ role: 'user' as const, content: question }];
  const streamed: (GetWeather | SearchWeb)[] = [];
  let listed: (GetWeather | SearchWeb)[] = [];
  try {
    // Each call as soon as its arguments are complete: start working on it while the rest arrive.
    const stream = client.createIterable({ messages, responseModel: [GetWeather, SearchWeb] });
    for await (const call of stream) {
      console.log(`streamed: ${describe(call)}`);
      streamed.push(call);
    }

    // The same request without streaming: every call of the reply, in order.
    listed = await client.create({ messages, responseModel: [GetWeather, SearchWeb] });
    for (const call of listed) console.log(`listed:   ${describe(call)}`);
  } finally {
    await server?.stop();
  }
  console.log('Requests:', requests);

  const problems: string[] = [];
  for (const call of [...streamed, ...listed]) {
    if (!(call instanceof GetWeather || call instanceof SearchWeb)) problems.push('not a class');
  }
  for (const request of requests) {
    // One tool per class, none forced: the model decides how many calls to make.
    if (request.tools.join() !== 'GetWeather,SearchWeb')
      problems.push(`tools ${request.tools.join()}`);
    if (request.toolChoice !== 'auto') problems.push(`tool_choice ${String(request.toolChoice)}`);
  }
  if (requests.map((request) => request.stream).join() !== 'true,false') {
    problems.push('createIterable did not stream, or create did');
  }
  if (server) {
    // Scripted: the same three calls, in the order the model made them, both ways.
    const expected = [
      'weather in Paris (celsius)',
      'weather in Tokyo (celsius)',
      'web search: winner of the 2022 FIFA World Cup',
    ].join();
    if (streamed.map(describe).join() !== expected) problems.push('streamed calls differ');
    if (listed.map(describe).join() !== expected) problems.push('listed calls differ');
  }
  for (const problem of problems) console.error(`Unexpected: ${problem}`);
  if (problems.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
