// Testing the app end to end: the real AppModule booted by @nestjs/testing, its OpenAI instance
// overridden with the testing server's client (and the AuditLog with a quiet one), requests sent
// over HTTP with supertest.
import 'reflect-metadata';
import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { getOpenAIClientToken } from 'class-instructor/nestjs';
import { FakeOpenAIServer } from 'class-instructor/testing';
import { AppModule } from './app.module';
import { AuditLog } from './audit-log';
import { MetricsRegistry } from './metrics.registry';

/** Keeps the lines, prints nothing. */
class MemoryAuditLog extends AuditLog {
  protected override write(): void {}
}

const ada = { name: 'Ada Lovelace', email: 'ada@engines.example' };

describe('POST /contacts', () => {
  let server: FakeOpenAIServer;
  let app: INestApplication;
  let auditLog: MemoryAuditLog;

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(async () => {
    server.reset();
    auditLog = new MemoryAuditLog();
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(getOpenAIClientToken())
      .useValue(server.client())
      .overrideProvider(AuditLog)
      .useValue(auditLog)
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterEach(() => app.close());

  it('answers 201 with the extracted contact, through the audit and metrics hooks', async () => {
    server.reply({
      toolCall: { name: 'Contact', arguments: ada },
      usage: { prompt_tokens: 30, completion_tokens: 12, total_tokens: 42 },
    });

    const response = await request(app.getHttpServer() as Server)
      .post('/contacts')
      .send({ text: 'Ada, ada@engines.example' });

    expect(response.status).toBe(201);
    expect(response.body).toEqual(ada);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.model).toBe('gpt-4.1-mini');
    expect(auditLog.lines).toEqual([
      '[audit] -> gpt-4.1-mini, 2 message(s)',
      expect.stringMatching(/^\[audit\] <- chatcmpl-\S+ \(tool_calls\)$/),
    ]);
    expect(app.get(MetricsRegistry).snapshot()).toEqual({ requests: 1, tokens: 42 });
  });

  it('re-asks once when the email does not validate', async () => {
    server.reply(
      { toolCall: { name: 'Contact', arguments: { ...ada, email: 'ada at engines' } } },
      { toolCall: { name: 'Contact', arguments: ada } },
    );

    const response = await request(app.getHttpServer() as Server)
      .post('/contacts')
      .send({ text: 'Ada, ada at engines' });

    expect(response.status).toBe(201);
    expect(response.body).toEqual(ada);
    expect(server.requests).toHaveLength(2);
    expect(auditLog.lines).toContain('[audit] attempt 1 rejected: email must be an email');
    expect(app.get(MetricsRegistry).snapshot()).toMatchObject({ requests: 2, reasks: 1 });
  });

  it('answers 422 when re-asks run out', async () => {
    const nobody = { toolCall: { name: 'Contact', arguments: { name: '', email: 'unknown' } } };
    server.reply(nobody, nobody);

    const response = await request(app.getHttpServer() as Server)
      .post('/contacts')
      .send({ text: 'Call me maybe.' });

    expect(response.status).toBe(422);
    expect(response.body).toEqual({ error: 'No valid contact in the text', attempts: 2 });
    expect(app.get(MetricsRegistry).snapshot()).toMatchObject({ requests: 2, reasks: 1 });
  });
});
