import 'reflect-metadata';
import { IsOptional, Min } from 'class-validator';
import { ScriptTarget } from 'typescript';
import { ConfigurationError } from '../../src/errors';
import { buildClassSchema } from '../../src/schema';
import {
  loadCompiledFixture,
  withoutReflectMetadata,
  type FixtureBuild,
} from '../fixtures/metadata/compiled-fixture.loader';
import { Note } from '../fixtures/metadata/note.model';

type NoteModule = typeof import('../fixtures/metadata/note.model');
type TicketModule = typeof import('../fixtures/metadata/ticket.models');

const loose = { strict: false };
// What esbuild, tsx, swc without decoratorMetadata and Babel without the metadata plugin produce.
const withoutDecoratorMetadata: FixtureBuild = {
  target: ScriptTarget.ES2022,
  emitDecoratorMetadata: false,
};
const es2020: FixtureBuild = { target: ScriptTarget.ES2020, emitDecoratorMetadata: true };

/** The ConfigurationError `build` throws; fails the test when it throws anything else or nothing. */
function configurationError(build: () => unknown): ConfigurationError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError, but the schema was built');
}

describe('buildClassSchema: a property only design:type could type, when design:type is missing', () => {
  it('builds the same model when tsc compiles it with emitDecoratorMetadata (no error)', () => {
    expect(Reflect.hasMetadata('design:type', Note.prototype, 'text')).toBe(true);

    expect(buildClassSchema(Note, loose)).toEqual({
      type: 'object',
      properties: {
        title: { type: 'string' },
        text: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        // Optional: left out of `required`, and null accepted (@IsOptional skips both).
        stars: { anyOf: [{ type: 'number', minimum: 1 }, { type: 'null' }] },
      },
      required: ['title'],
      additionalProperties: false,
    });
  });

  it('says that no property has design:type, and names the flag, the transpilers, late reflect-metadata and the fixes, when compiled without emitDecoratorMetadata', () => {
    const { Note: Compiled } = loadCompiledFixture<NoteModule>(
      'note.model.ts',
      withoutDecoratorMetadata,
    );

    const error = configurationError(() => buildClassSchema(Compiled, loose));

    expect(error.message).toBe(
      [
        'Cannot tell the JSON type of Note.text: its validators fix no type and its design:type metadata is missing (no property of Note has any).',
        'Likely causes:',
        '- "emitDecoratorMetadata" is not enabled in the tsconfig that compiled Note;',
        '- a transpiler that drops decorator metadata compiled it: esbuild, tsx, swc without jsc.transform.decoratorMetadata, Babel without babel-plugin-transform-typescript-metadata;',
        "- 'reflect-metadata' was imported after Note was defined, so TypeScript's __metadata helper recorded nothing.",
        'Fix: compile with tsc, ts-node or ts-jest with "experimentalDecorators": true and "emitDecoratorMetadata": true, and make `import \'reflect-metadata\';` the first line of the entry file.',
        'Or give text a validator that states its type: @IsString(), @IsNumber(), @IsInt(), @IsBoolean(), @IsEnum(E), @IsIn([...]), or @ValidateNested() with @Type(() => Class) for an object.',
      ].join('\n'),
    );
  });

  it('gives the same diagnosis for a class defined before reflect-metadata was imported (its __metadata calls recorded nothing)', () => {
    const { Note: Early } = withoutReflectMetadata(() =>
      loadCompiledFixture<NoteModule>('note.model.ts', {
        target: ScriptTarget.ES2022,
        emitDecoratorMetadata: true,
      }),
    );
    expect(Reflect.hasMetadata('design:type', Early.prototype, 'title')).toBe(false);

    const error = configurationError(() => buildClassSchema(Early, loose));

    expect(error.message.split('\n')[0]).toBe(
      'Cannot tell the JSON type of Note.text: its validators fix no type and its design:type metadata is missing (no property of Note has any).',
    );
    expect(error.message).toContain(
      "- 'reflect-metadata' was imported after Note was defined, so TypeScript's __metadata helper recorded nothing.",
    );
    expect(error.message).toContain(
      "make `import 'reflect-metadata';` the first line of the entry file",
    );
  });

  it('says that other properties have design:type when only an inherited one lacks it (a base class built without metadata)', () => {
    const { Note: BuiltElsewhere } = loadCompiledFixture<NoteModule>(
      'note.model.ts',
      withoutDecoratorMetadata,
    );
    class Invoice extends BuiltElsewhere {
      @IsOptional() @Min(0) total?: number;
    }

    const error = configurationError(() => buildClassSchema(Invoice, loose));

    expect(error.message.split('\n')).toEqual([
      'Cannot tell the JSON type of Invoice.text: its validators fix no type and its design:type metadata is missing, though other properties of Invoice have it.',
      'Likely cause: it is declared in a base class or module compiled without decorator metadata ("emitDecoratorMetadata" off, or built with esbuild, tsx, swc or Babel) or loaded before \'reflect-metadata\', or its decorators were applied by hand.',
      'Fix: compile that code with tsc and "emitDecoratorMetadata": true.',
      expect.stringMatching(/^Or give text a validator that states its type: @IsString\(\)/),
    ]);
  });

  it('says that reflect-metadata is not loaded when design:type cannot be read at all', () => {
    const error = withoutReflectMetadata(() => {
      const { Note: Unpolyfilled } = loadCompiledFixture<NoteModule>('note.model.ts', {
        target: ScriptTarget.ES2022,
        emitDecoratorMetadata: true,
      });
      return configurationError(() => buildClassSchema(Unpolyfilled, loose));
    });

    expect(error.message.split('\n')).toEqual([
      "Cannot tell the JSON type of Note.text: its validators fix no type and its design:type metadata cannot be read: the 'reflect-metadata' polyfill is not loaded.",
      "Fix: make `import 'reflect-metadata';` the first line of the entry file, before any model class is loaded.",
      expect.stringMatching(/^Or give text a validator that states its type/),
    ]);
  });

  it('keeps the union/unknown message when design:type is present but Object', () => {
    class Reading {
      @IsOptional() value?: string | number;
    }

    const error = configurationError(() => buildClassSchema(Reading, loose));

    expect(error.message).toMatch(
      /^Cannot tell the JSON type of Reading\.value: its validators fix no type and its TypeScript type \(Object\) has no JSON schema equivalent\./,
    );
    expect(error.message).not.toContain('design:type');
  });
});

describe('buildClassSchema: fields not defined on instances (target below ES2022, or useDefineForClassFields: false)', () => {
  const tickets = loadCompiledFixture<TicketModule>('ticket.models.ts', es2020);

  it('builds a fully decorated model without error, in declaration order', () => {
    expect(Object.keys(new tickets.Ticket())).toEqual(['priority']);

    const schema = buildClassSchema(tickets.Ticket, loose);

    expect(Object.keys(schema.properties)).toEqual(['title', 'priority', 'note']);
    expect(schema.properties).toEqual({
      title: { type: 'string' },
      priority: { type: 'integer' },
      note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    });
    expect(schema.required).toEqual(['title', 'priority']);
  });

  it('still rejects an undecorated field with an initializer, adding that fields without one go unseen', () => {
    const error = configurationError(() => buildClassSchema(tickets.TicketWithStatus, loose));

    expect(error.message.split('\n')).toEqual([
      expect.stringMatching(
        /^TicketWithStatus\.status has no decorator, so its JSON schema cannot be built\./,
      ),
      'Note: decorated fields of TicketWithStatus are missing from a fresh instance (compiled for a target below ES2022 or with "useDefineForClassFields": false, or declared with `declare`), so an undecorated field without an initializer leaves no trace at runtime and cannot be reported: check the other fields of TicketWithStatus too.',
    ]);
  });

  it('still rejects a field with only @Description, with the same note', () => {
    const error = configurationError(() => buildClassSchema(tickets.TicketWithSummary, loose));

    expect(error.message).toMatch(/^TicketWithSummary\.summary has only @Description: /);
    expect(error.message).toContain(
      '\nNote: decorated fields of TicketWithSummary are missing from a fresh instance',
    );
  });

  it('cannot see an undecorated or @Type-only field without an initializer: the schema leaves it out (the documented limit)', () => {
    const schema = buildClassSchema(tickets.TicketWithHiddenFields, loose);

    expect(Object.keys(schema.properties)).toEqual(['title']);
  });
});
