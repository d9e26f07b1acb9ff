// A NestJS app with class-instructor: POST /contacts extracts a contact from free text, through
// InstructorModule's client, with two hook providers (audit log, metrics) found at startup.
// It boots on a free port, answers two HTTP requests and shuts down.
// With OPENAI_API_KEY set this asks OpenAI; without it, a local testing server plays the model.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FakeOpenAIServer } from 'class-instructor/testing';
import { AppModule } from './app.module';
import { MetricsRegistry } from './metrics.registry';

const messages = [
  'Hi, this is Ada Lovelace from Analytical Engines, write to ada@engines.example.',
  'Call me maybe.',
];

/** Without an API key: a local server that answers like the model would, re-ask included. */
async function standIn(): Promise<FakeOpenAIServer> {
  const server = await FakeOpenAIServer.start();
  const contact = (email: string) => ({
    toolCall: {
      name: 'Contact',
      arguments: { name: 'Ada Lovelace', email, company: 'Analytical Engines' },
    },
  });
  const nobody = { toolCall: { name: 'Contact', arguments: { name: '', email: 'unknown' } } };
  // First message: a bad email, then the fix after the re-ask. Second: no contact at all.
  server.reply(contact('ada at engines'), contact('ada@engines.example'), nobody, nobody);
  // AppConfig reads these, as it would a real deployment's.
  process.env.OPENAI_API_KEY = 'sk-local-testing-server';
  process.env.OPENAI_BASE_URL = server.url;
  console.log('NOTICE: OPENAI_API_KEY is not set; a local testing server stands in for the model.');
  return server;
}

async function main(): Promise<void> {
  const server = process.env.OPENAI_API_KEY ? undefined : await standIn();
  const app = await NestFactory.create(AppModule, { logger: ['warn', 'error'] });
  try {
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    for (const text of messages) {
      const response = await fetch(`${url}/contacts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      });
      console.log(`POST /contacts -> ${response.status}`, await response.json());
    }
    console.log('metrics:', app.get(MetricsRegistry).snapshot());
  } finally {
    await app.close();
    await server?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
