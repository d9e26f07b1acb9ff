import 'reflect-metadata';
import { fromProvider } from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { User } from '../fixtures/models/user.model';

describe('concurrent calls on one client', () => {
  let server: FakeOpenAIServer;

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());

  it('50 concurrent create() calls each get their own answer', async () => {
    const client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
    const count = 50;
    // Every reply is derived from its own request, and every fifth one first fails validation,
    // so re-asks interleave with first attempts.
    const attemptsByName = new Map<string, number>();
    const answer = (request: (typeof server.requests)[number]) => {
      const text = request.messages[0]!.content as string;
      const name = /Person (\d+)/.exec(text)![1]!;
      const seen = (attemptsByName.get(name) ?? 0) + 1;
      attemptsByName.set(name, seen);
      const age = Number(name) % 5 === 0 && seen === 1 ? -1 : Number(name);
      return { toolCall: { name: 'User', arguments: { name: `Person ${name}`, age } } };
    };
    server.reply(...Array.from({ length: count + count / 5 }, () => answer));

    const users = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        client.create({
          messages: [{ role: 'user', content: `Extract: Person ${index} is ${index}` }],
          responseModel: User,
        }),
      ),
    );

    users.forEach((user, index) => {
      expect(user).toBeInstanceOf(User);
      expect(user).toEqual({ name: `Person ${index}`, age: index });
    });
    expect(server.requests).toHaveLength(count + count / 5);
  });
});
