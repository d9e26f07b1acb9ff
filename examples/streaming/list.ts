// A list delivered element by element with createIterable: each contact is validated and handed
// over as soon as its JSON is complete, before the rest of the reply has arrived. An invalid
// element is re-asked from that element on; the accepted ones are never yielded again.
// With OPENAI_API_KEY set this asks OpenAI; without it, a local testing server plays the model.
import 'reflect-metadata';
import { IsEmail, IsString } from 'class-validator';
import { Description, fromProvider, type Instructor } from 'class-instructor';
import { FakeOpenAIServer } from 'class-instructor/testing';

@Description('A person named in the text, with their email address')
class Contact {
  @IsString() name!: string;
  @IsEmail() email!: string;
}

const text =
  'Ada Lovelace <ada@example.com>, Alan Turing <alan@example.org> and ' +
  'Grace Hopper <grace@example.net> are on the list.';

const ada = { name: 'Ada Lovelace', email: 'ada@example.com' };
const alan = { name: 'Alan Turing', email: 'alan@example.org' };
const grace = { name: 'Grace Hopper', email: 'grace@example.net' };

async function main(): Promise<void> {
  let server: FakeOpenAIServer | undefined;
  let client: Instructor;
  if (process.env.OPENAI_API_KEY) {
    client = fromProvider('openai/gpt-4.1-mini');
  } else {
    server = await FakeOpenAIServer.start();
    // The stand-in model garbles the second email, then sends the rest after the re-ask.
    server.reply(
      {
        toolCall: {
          name: 'ContactList',
          arguments: { items: [ada, { ...alan, email: 'alan(at)example.org' }, grace] },
        },
      },
      { toolCall: { name: 'ContactList', arguments: { items: [alan, grace] } } },
    );
    client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
    console.log(
      'NOTICE: OPENAI_API_KEY is not set; a local testing server stands in for the model.',
    );
  }

  // One ordered list of what happened: elements as they arrive, and the hooks around them.
  const events: string[] = [];
  const corrections: string[] = [];
  client.on('completion:kwargs', (kwargs) => {
    const last = kwargs.messages[kwargs.messages.length - 1];
    // From attempt 2 on, the request ends with the correction (a tool message in Mode.TOOLS).
    if (last?.role === 'tool' && typeof last.content === 'string') corrections.push(last.content);
  });
  client.on('completion:response', () => {
    events.push('response');
  });
  client.on('parse:error', (error, attempt) => {
    events.push('parse:error');
    console.log(`attempt ${attempt.attemptNumber}: ${error.message}`);
  });

  const contacts: Contact[] = [];
  const stream = client.createIterable({
    messages: [{ role: 'user', content: `Extract every contact: ${text}` }],
    responseModel: Contact,
  });
  try {
    for await (const contact of stream) {
      events.push(`element ${contact.name}`);
      console.log(`attempt ${stream.attemptNumber}: ${contact.name} <${contact.email}>`);
      contacts.push(contact); // validated: save it, send it on, render it
    }
  } finally {
    await server?.stop();
  }
  for (const correction of corrections) console.log(`The re-ask said:\n${correction}`);
  console.log(`${contacts.length} contacts in ${stream.result?.attempts} attempt(s)`);

  const problems: string[] = [];
  if (contacts.some((contact) => !(contact instanceof Contact))) problems.push('not a Contact');
  if (new Set(contacts).size !== contacts.length) problems.push('an element was yielded twice');
  if (stream.result?.data.length !== contacts.length) problems.push('result differs from yields');
  if (server) {
    // Ada, accepted on attempt 1, is not yielded again after the re-ask.
    const names = contacts.map((contact) => contact.name);
    if (names.join() !== [ada, alan, grace].map((contact) => contact.name).join()) {
      problems.push(`yielded: ${names.join(', ')}`);
    }
    // Scripted: Ada is yielded while attempt 1 streams; its end brings the response, then the
    // parse:error of element 2; the re-ask brings Alan and Grace.
    const expected = [
      'element Ada Lovelace',
      'response',
      'parse:error',
      'element Alan Turing',
      'element Grace Hopper',
      'response',
    ];
    if (events.join() !== expected.join()) problems.push(`events: ${events.join(', ')}`);
    const correction = corrections[0] ?? '';
    if (!correction.includes('Element 2: Contact failed validation:\nemail: email must be')) {
      problems.push(`the re-ask does not name element 2: ${correction}`);
    }
    if (!correction.includes(`Elements 1 to 1 were accepted: [${JSON.stringify(ada)}]`)) {
      problems.push('the re-ask does not list the accepted element');
    }
    if (!correction.includes('from element 2 on')) problems.push('the re-ask restarts elsewhere');
  }
  for (const problem of problems) console.error(`Unexpected: ${problem}`);
  if (problems.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
