import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import OpenAI from 'openai';
import { ConfigurationError, Hooks, Instructor, Mode, OPENAI_CLIENT } from '../../src';
import {
  getInstructorToken,
  getOpenAIClientToken,
  InjectInstructor,
  InstructorModule,
  type InstructorModuleOptions,
} from '../../src/nestjs';
import { FakeOpenAIServer } from '../../src/testing';
import { EventLog } from './fixtures/event-log';

/** An SDK instance no test sends anything through. */
function unusedOpenAI(): OpenAI {
  return new OpenAI({ apiKey: 'sk-unit-test', baseURL: 'http://127.0.0.1:9/v1' });
}

@Injectable()
class ReportService {
  constructor(
    readonly extractor: Instructor,
    @InjectInstructor() readonly sameExtractor: Instructor,
    @InjectInstructor('reports') readonly reports: Instructor,
  ) {}
}

/** A ConfigService as @nestjs/config has it, reduced to what the factory reads. */
@Injectable()
class ConfigService {
  readonly values: Record<string, string> = {
    INSTRUCTOR_MODEL: 'openai/gpt-4.1',
    INSTRUCTOR_MAX_RETRIES: '0',
  };

  get(key: string): string | undefined {
    return this.values[key];
  }
}

@Module({ providers: [ConfigService], exports: [ConfigService] })
class ConfigModule {}

/** The model's reply for `responseModel: String`. */
function answer(content: string) {
  return { toolCall: { name: 'Response', arguments: { content } } };
}

/** What `action` rejects with (fails the test when it resolves). */
async function rejectionOf(action: () => Promise<unknown>): Promise<Error> {
  try {
    await action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection, got none');
}

describe('InstructorModule: what a Nest app injects', () => {
  const opened: TestingModule[] = [];
  let savedKey: string | undefined;

  beforeEach(() => {
    savedKey = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((moduleRef) => moduleRef.close()));
    if (savedKey === undefined) delete process.env.OPENAI_API_KEY;
    else process.env.OPENAI_API_KEY = savedKey;
  });

  async function boot(metadata: Parameters<typeof Test.createTestingModule>[0]) {
    const moduleRef = await Test.createTestingModule(metadata).compile();
    opened.push(moduleRef);
    await moduleRef.init();
    return moduleRef;
  }

  it('injects the default client by its class and with @InjectInstructor(), a named one by name', async () => {
    const defaultOpenAI = unusedOpenAI();
    const reportsOpenAI = unusedOpenAI();
    const moduleRef = await boot({
      imports: [
        InstructorModule.forRoot({ model: 'openai/gpt-4.1-mini', client: defaultOpenAI }),
        InstructorModule.forRoot({
          model: 'openai/gpt-4.1',
          client: reportsOpenAI,
          name: 'reports',
        }),
      ],
      providers: [ReportService],
    });

    const service = moduleRef.get(ReportService);

    expect(service.extractor).toBeInstanceOf(Instructor);
    expect(service.sameExtractor).toBe(service.extractor);
    expect(service.extractor.model).toBe('gpt-4.1-mini');
    expect(service.extractor.client).toBe(defaultOpenAI);
    expect(service.reports).toBeInstanceOf(Instructor);
    expect(service.reports.model).toBe('gpt-4.1');
    expect(service.reports.client).toBe(reportsOpenAI);
    expect(moduleRef.get(getInstructorToken('reports'))).toBe(service.reports);
    expect(moduleRef.get(getOpenAIClientToken())).toBe(defaultOpenAI);
    expect(moduleRef.get(getOpenAIClientToken('reports'))).toBe(reportsOpenAI);
  });

  it('passes every fromProvider option to the client', async () => {
    const moduleRef = await boot({
      imports: [
        InstructorModule.forRoot({
          model: 'groq/llama-3.1-8b-instant',
          apiKey: 'gsk-unit-test',
          mode: Mode.JSON_SCHEMA,
          maxRetries: 0,
          defaults: { temperature: 0 },
          timeout: 5_000,
        }),
      ],
    });

    const client = moduleRef.get(Instructor);

    expect(client.provider).toBe('groq');
    expect(client.model).toBe('llama-3.1-8b-instant');
    expect(client.mode).toBe(Mode.JSON_SCHEMA);
    expect(client.maxRetries).toBe(0);
    expect(client.defaults).toEqual({ temperature: 0 });
    expect(client.client.baseURL).toBe('https://api.groq.com/openai/v1');
    expect(client.client.apiKey).toBe('gsk-unit-test');
    expect(client.client.timeout).toBe(5_000);
    expect(moduleRef.get(OPENAI_CLIENT)).toBe(client.client);
  });

  it('builds the options with forRootAsync from a ConfigService-style factory', async () => {
    const openai = unusedOpenAI();
    const moduleRef = await boot({
      imports: [
        InstructorModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config: ConfigService): InstructorModuleOptions => ({
            model: config.get('INSTRUCTOR_MODEL')!,
            maxRetries: Number(config.get('INSTRUCTOR_MAX_RETRIES')),
            client: openai,
          }),
        }),
        InstructorModule.forRootAsync({
          name: 'reports',
          useFactory: () => Promise.resolve({ model: 'openai/gpt-4.1-nano', client: openai }),
        }),
      ],
      providers: [ReportService],
    });

    const service = moduleRef.get(ReportService);

    expect(service.extractor.model).toBe('gpt-4.1');
    expect(service.extractor.maxRetries).toBe(0);
    expect(service.reports.model).toBe('gpt-4.1-nano');
  });

  it('builds the options with forRootAsync from a class implementing createInstructorOptions()', async () => {
    @Injectable()
    class InstructorConfig {
      constructor(private readonly config: ConfigService) {}

      createInstructorOptions(): InstructorModuleOptions {
        return { model: this.config.get('INSTRUCTOR_MODEL')!, client: unusedOpenAI() };
      }
    }

    const moduleRef = await boot({
      imports: [
        InstructorModule.forRootAsync({ imports: [ConfigModule], useClass: InstructorConfig }),
      ],
    });

    expect(moduleRef.get(Instructor).model).toBe('gpt-4.1');
  });

  it('sends the requests of a client whose OpenAI instance is overridden to that instance', async () => {
    const server = await FakeOpenAIServer.start();
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [
          InstructorModule.forRoot({ model: 'openai/gpt-4.1-mini' }),
          InstructorModule.forRoot({ model: 'openai/gpt-4.1', name: 'reports' }),
        ],
        providers: [ReportService],
      })
        .overrideProvider(getOpenAIClientToken())
        .useValue(server.client())
        .overrideProvider(getOpenAIClientToken('reports'))
        .useValue(server.client())
        .compile();
      opened.push(moduleRef);
      server.reply(answer('Ada'), answer('A report'));
      const service = moduleRef.get(ReportService);

      const name = await service.extractor.create({
        messages: [{ role: 'user', content: 'Who?' }],
        responseModel: String,
      });
      const report = await service.reports.create({
        messages: [{ role: 'user', content: 'Report' }],
        responseModel: String,
      });

      expect([name, report]).toEqual(['Ada', 'A report']);
      expect(server.requests.map((request) => request.model)).toEqual(['gpt-4.1-mini', 'gpt-4.1']);
    } finally {
      await server.stop();
    }
  });

  it('makes the client injectable in every module with isGlobal', async () => {
    @Module({ providers: [ReportService], exports: [ReportService] })
    class ReportsFeatureModule {}

    const moduleRef = await boot({
      imports: [
        InstructorModule.forRoot({
          model: 'openai/gpt-4.1-mini',
          client: unusedOpenAI(),
          isGlobal: true,
        }),
        InstructorModule.forRoot({
          model: 'openai/gpt-4.1',
          client: unusedOpenAI(),
          name: 'reports',
          isGlobal: true,
        }),
        ReportsFeatureModule,
      ],
    });

    expect(moduleRef.get(ReportService).reports.model).toBe('gpt-4.1');
  });

  it("copies the hooks option: two apps given the same set never see each other's handlers", async () => {
    const log = new EventLog();
    const hooks = new Hooks().on('completion:kwargs', () => log.record('options hooks'));
    const options = { model: 'openai/gpt-4.1-mini', client: unusedOpenAI(), hooks };
    const first = await boot({ imports: [InstructorModule.forRoot(options)] });
    const second = await boot({ imports: [InstructorModule.forRoot(options)] });
    first.get(Instructor).on('completion:kwargs', () => log.record('first app'));

    await second.get(Instructor).hooks.emit('completion:kwargs', { model: 'm', messages: [] });

    expect(log.events).toEqual(['options hooks']);
    expect(hooks.handlerCount()).toBe(1);
    expect(first.get(Instructor).hooks).not.toBe(hooks);
  });

  it('reports a missing API key as a ConfigurationError when the app boots', async () => {
    const error = await rejectionOf(() =>
      Test.createTestingModule({
        imports: [InstructorModule.forRoot({ model: 'openai/gpt-4.1-mini' })],
      }).compile(),
    );

    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/No API key for openai: set OPENAI_API_KEY/);
  });

  it.each<[string, unknown, RegExp]>([
    ['no model', {}, /InstructorModule needs `model`/],
    ['a malformed model string', { model: 'gpt-4.1-mini' }, /Supported providers: openai, /],
    ['an unknown option', { model: 'openai/gpt-4.1-mini', temprature: 0 }, /temprature/],
    [
      'client with apiKey',
      { model: 'openai/gpt-4.1-mini', client: unusedOpenAI(), apiKey: 'sk-x' },
      /`client` is used as is, so `apiKey` would be ignored/,
    ],
    [
      'hooks that are not a Hooks',
      { model: 'openai/gpt-4.1-mini', hooks: {} },
      /`hooks` must be a Hooks/,
    ],
  ])('rejects options with %s as a ConfigurationError at boot', async (_what, options, message) => {
    const error = await rejectionOf(() =>
      Test.createTestingModule({
        imports: [
          InstructorModule.forRootAsync({
            useFactory: () => options as InstructorModuleOptions,
          }),
        ],
      }).compile(),
    );

    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(message);
  });

  it('rejects an empty client name when the module is defined', () => {
    expect(() => InstructorModule.forRoot({ model: 'openai/gpt-4.1-mini', name: '' })).toThrow(
      /`name` must be a non-empty string/,
    );
  });
});
