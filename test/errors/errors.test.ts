import {
  ConfigurationError,
  IncompleteOutputException,
  InstructorError,
  InstructorRetryException,
  ProviderError,
  RefusalError,
  ValidationError,
} from '../../src';

describe('errors', () => {
  it('all extend InstructorError and carry their class name', () => {
    const errors = [
      new ConfigurationError({ message: 'bad' }),
      new ValidationError({ message: 'bad', rawText: '{}' }),
      new ProviderError({ message: 'bad', cause: new Error('sdk'), provider: 'openai' }),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(InstructorError);
      expect(error).toBeInstanceOf(Error);
      expect(InstructorError.isInstance(error)).toBe(true);
    }
    expect(errors.map((error) => error.name)).toEqual([
      'ConfigurationError',
      'ValidationError',
      'ProviderError',
    ]);
  });

  it('isInstance recognises errors from another copy of the package (shared Symbol.for marker)', () => {
    // A second copy has its own classes; simulate one by rebuilding the marker on a plain error.
    const foreign = new Error('from another copy');
    Object.defineProperty(foreign, Symbol.for('class-instructor.error.ValidationError'), {
      value: true,
    });
    expect(ValidationError.isInstance(foreign)).toBe(true);
    expect(ProviderError.isInstance(foreign)).toBe(false);
    expect(ValidationError.isInstance({})).toBe(false);
    expect(ValidationError.isInstance(null)).toBe(false);
  });

  it('isInstance of a subclass is not fooled by a sibling', () => {
    const validation = new ValidationError({ message: 'bad', rawText: '' });
    expect(ValidationError.isInstance(validation)).toBe(true);
    expect(ConfigurationError.isInstance(validation)).toBe(false);
    expect(InstructorRetryException.isInstance(validation)).toBe(false);
    expect(IncompleteOutputException.isInstance(validation)).toBe(false);
    expect(RefusalError.isInstance(validation)).toBe(false);
  });

  it('keeps the cause and does not list the marker among enumerable keys', () => {
    const cause = new Error('sdk');
    const error = new ProviderError({ message: 'bad', cause, provider: 'openai', status: 500 });
    expect(error.cause).toBe(cause);
    expect(error.status).toBe(500);
    expect(Object.getOwnPropertySymbols(error)).toHaveLength(2);
    expect(JSON.stringify(error)).not.toContain('class-instructor');
  });
});
