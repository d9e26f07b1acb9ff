// A NestJS-style app on tsyringe: a controller, a service that injects the client, and two hook
// handlers (audit log, metrics) with their own injected dependencies.
// With OPENAI_API_KEY set this asks OpenAI; without it, a local testing server plays the model.
import 'reflect-metadata';
import { OPENAI_CLIENT } from 'class-instructor';
import { FakeOpenAIServer } from 'class-instructor/testing';
import { createAppContainer } from './app.module';
import { ContactsController } from './contacts.controller';
import { MetricsRegistry } from './metrics.registry';

const messages = [
  'Hi, this is Ada Lovelace from Analytical Engines, write to ada@engines.example.',
  'Call me maybe.',
];

async function main(): Promise<void> {
  const app = createAppContainer();
  let server: FakeOpenAIServer | undefined;
  if (!process.env.OPENAI_API_KEY) {
    server = await FakeOpenAIServer.start();
    const contact = (email: string) => ({
      toolCall: {
        name: 'Contact',
        arguments: { name: 'Ada Lovelace', email, company: 'Analytical Engines' },
      },
    });
    // First message: a bad email, then the fix after the re-ask. Second: no contact at all.
    server.reply(contact('ada at engines'), contact('ada@engines.example'));
    server.reply(
      { toolCall: { name: 'Contact', arguments: { name: '', email: 'unknown' } } },
      { toolCall: { name: 'Contact', arguments: { name: '', email: 'unknown' } } },
    );
    // Overriding the token is all it takes: every client resolved from `app` now uses it.
    app.register(OPENAI_CLIENT, { useValue: server.client() });
    console.log(
      'NOTICE: OPENAI_API_KEY is not set; a local testing server stands in for the model.',
    );
  }

  try {
    const controller = app.resolve(ContactsController);
    for (const text of messages) {
      const response = await controller.create({ text });
      console.log(`${response.status}`, response.body);
    }
    console.log('metrics:', app.resolve(MetricsRegistry).snapshot());
  } finally {
    await server?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
