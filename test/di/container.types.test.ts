import 'reflect-metadata';
import { container as globalContainer, delay, type InjectionToken } from 'tsyringe';
import { Instructor, registerInstructor, type RegisterInstructorOptions } from '../../src';
import type { ClientToken, DependencyContainerLike } from '../../src/di/container.types';
import { SUMMARY_CLIENT } from '../fixtures/di/client-tokens';

// Type-level checks: this file does not compile when a tsyringe container or token stops being
// assignable to the structural types the published signatures use.
describe('the structural container types', () => {
  it('accept a real tsyringe container and tsyringe tokens', () => {
    const container: DependencyContainerLike = globalContainer.createChildContainer();
    const tokens: ClientToken[] = [
      Instructor,
      'summary-client',
      Symbol('SUMMARY_CLIENT'),
      SUMMARY_CLIENT satisfies InjectionToken<Instructor>,
      delay(() => Instructor),
    ];
    const options: RegisterInstructorOptions = {
      model: 'openai/gpt-4.1-mini',
      token: SUMMARY_CLIENT,
    };

    registerInstructor(globalContainer.createChildContainer(), { model: 'openai/gpt-4.1-mini' });

    expect(typeof container.resolve).toBe('function');
    expect(tokens).toHaveLength(5);
    expect(options.token).toBe(SUMMARY_CLIENT);
  });
});
