// The composition root: one function that wires the app into a container. No side effects.
import 'reflect-metadata'; // decorated classes below; also lets this module load on its own
import { container, type DependencyContainer } from 'tsyringe';
import { registerInstructor } from 'class-instructor';
import { AuditLogHooks } from './audit-log.hooks';
import { Logger } from './logger';
import { MetricsHooks } from './metrics.hooks';
import { MetricsRegistry } from './metrics.registry';

/** A container for one app: a child of `parent`, so apps (and tests) never share state. */
export function createAppContainer(parent: DependencyContainer = container): DependencyContainer {
  const app = parent.createChildContainer();
  app.registerSingleton(Logger);
  app.registerSingleton(MetricsRegistry);
  // The OpenAI client is built when first needed: OPENAI_API_KEY is read then, not now.
  registerInstructor(app, {
    model: 'openai/gpt-4.1-mini',
    handlers: [AuditLogHooks, MetricsHooks],
    maxRetries: 1,
  });
  return app;
}
