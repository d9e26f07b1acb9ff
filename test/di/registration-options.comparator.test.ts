import 'reflect-metadata';
import { Hooks } from '../../src';
import { differingOptions } from '../../src/di/registration-options.comparator';
import { AuditHooks } from '../fixtures/di/audit.hooks';
import { MetricsHooks } from '../fixtures/di/metrics.hooks';

describe('differingOptions: which options two registerInstructor calls disagree on', () => {
  const hooks = new Hooks();

  it('finds none when every option is the same value, array item or plain-object entry', () => {
    expect(
      differingOptions(
        {
          model: 'openai/gpt-4.1-mini',
          handlers: [AuditHooks],
          defaults: { temperature: 0 },
          hooks,
        },
        {
          model: 'openai/gpt-4.1-mini',
          handlers: [AuditHooks],
          defaults: { temperature: 0 },
          hooks,
        },
      ),
    ).toEqual([]);
  });

  it('treats an option set to undefined as left out', () => {
    expect(differingOptions({ model: 'm', maxRetries: undefined }, { model: 'm' })).toEqual([]);
  });

  it('names each differing option, sorted', () => {
    expect(
      differingOptions(
        { model: 'openai/gpt-4.1-mini', maxRetries: 1, defaults: { temperature: 0 } },
        { model: 'openai/gpt-4.1', maxRetries: 1, defaults: { temperature: 0.5 }, apiKey: 'k' },
      ),
    ).toEqual(['apiKey', 'defaults', 'model']);
  });

  it('compares handlers in order: the order decides the order hooks run in', () => {
    expect(
      differingOptions(
        { handlers: [AuditHooks, MetricsHooks] },
        { handlers: [MetricsHooks, AuditHooks] },
      ),
    ).toEqual(['handlers']);
  });

  it('compares hooks sets and SDK clients by identity', () => {
    expect(differingOptions({ hooks }, { hooks: new Hooks() })).toEqual(['hooks']);
    expect(differingOptions({ hooks }, { hooks: hooks.copy() })).toEqual(['hooks']);
  });
});
