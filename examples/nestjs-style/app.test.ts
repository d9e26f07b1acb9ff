// Testing the app: a child container overrides OPENAI_CLIENT with the testing server's client
// (and the Logger with a quiet one); everything else is the app's real wiring.
import 'reflect-metadata';
import type { DependencyContainer } from 'tsyringe';
import { OPENAI_CLIENT } from 'class-instructor';
import { FakeOpenAIServer } from 'class-instructor/testing';
import { createAppContainer } from './app.module';
import { Contact } from './contact.model';
import { ContactsController } from './contacts.controller';
import { Logger } from './logger';
import { MetricsRegistry } from './metrics.registry';

/** Keeps the lines, prints nothing. */
class MemoryLogger extends Logger {
  protected override write(): void {}
}

const ada = { name: 'Ada Lovelace', email: 'ada@engines.example' };

describe('ContactsController', () => {
  let server: FakeOpenAIServer;
  let testing: DependencyContainer;
  let logger: MemoryLogger;

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.reset();
    testing = createAppContainer().createChildContainer();
    testing.register(OPENAI_CLIENT, { useValue: server.client() });
    logger = new MemoryLogger();
    testing.register(Logger, { useValue: logger });
  });

  it('answers 201 with the extracted contact, through the audit and metrics handlers', async () => {
    server.reply({
      toolCall: { name: 'Contact', arguments: ada },
      usage: { prompt_tokens: 30, completion_tokens: 12, total_tokens: 42 },
    });

    const response = await testing
      .resolve(ContactsController)
      .create({ text: 'Ada, ada@engines.example' });

    expect(response.status).toBe(201);
    expect(response.body).toBeInstanceOf(Contact);
    expect(response.body).toEqual(ada);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.model).toBe('gpt-4.1-mini');
    expect(logger.lines).toEqual([
      '[audit] -> gpt-4.1-mini, 2 message(s)',
      expect.stringMatching(/^\[audit\] <- chatcmpl-\S+ \(tool_calls\)$/),
    ]);
    expect(testing.resolve(MetricsRegistry).snapshot()).toEqual({ requests: 1, tokens: 42 });
  });

  it('re-asks once when the email does not validate', async () => {
    server.reply(
      { toolCall: { name: 'Contact', arguments: { ...ada, email: 'ada at engines' } } },
      { toolCall: { name: 'Contact', arguments: ada } },
    );

    const response = await testing
      .resolve(ContactsController)
      .create({ text: 'Ada, ada at engines' });

    expect(response).toEqual({ status: 201, body: ada });
    expect(server.requests).toHaveLength(2);
    expect(logger.lines).toContain('[audit] attempt 1 rejected: email must be an email');
    expect(testing.resolve(MetricsRegistry).snapshot()).toMatchObject({ requests: 2, reasks: 1 });
  });

  it("answers 422 when re-asks run out, after the service's own last-attempt hook", async () => {
    const nobody = { toolCall: { name: 'Contact', arguments: { name: '', email: 'unknown' } } };
    server.reply(nobody, nobody);

    const response = await testing.resolve(ContactsController).create({ text: 'Call me maybe.' });

    expect(response).toEqual({
      status: 422,
      body: { error: 'No valid contact in the text', attempts: 2 },
    });
    expect(logger.lines.at(-1)).toBe('[contacts] giving up after 2 attempts: ValidationError');
    expect(testing.resolve(MetricsRegistry).snapshot()).toMatchObject({ requests: 2, reasks: 1 });
  });
});
