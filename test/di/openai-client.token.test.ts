import 'reflect-metadata';
import { Instructor, OPENAI_CLIENT, openAIClientToken } from '../../src';

describe('openAIClientToken', () => {
  it('is OPENAI_CLIENT for the default token, Instructor', () => {
    expect(openAIClientToken(Instructor)).toBe(OPENAI_CLIENT);
    expect(openAIClientToken()).toBe(OPENAI_CLIENT);
    expect(typeof OPENAI_CLIENT).toBe('symbol');
  });

  it('gives every client token its own OpenAI token, the same one each time', () => {
    const summary = Symbol('SUMMARY_CLIENT');
    class ReportClient extends Instructor {}

    const tokens = [
      openAIClientToken(summary),
      openAIClientToken('summary-client'),
      openAIClientToken(ReportClient),
      OPENAI_CLIENT,
    ];

    expect(new Set(tokens).size).toBe(4);
    expect(openAIClientToken(summary)).toBe(tokens[0]);
    expect(openAIClientToken('summary-client')).toBe(tokens[1]);
    expect(openAIClientToken(ReportClient)).toBe(tokens[2]);
  });

  it('tells apart a string token and a symbol with the same description', () => {
    expect(openAIClientToken('ANSWERS')).not.toBe(openAIClientToken(Symbol('ANSWERS')));
    expect(openAIClientToken(Symbol('ANSWERS'))).not.toBe(openAIClientToken(Symbol('ANSWERS')));
  });

  it('names the client token in its description, for error messages and debuggers', () => {
    expect(openAIClientToken('summary-client').description).toBe(
      'class-instructor:OPENAI_CLIENT("summary-client")',
    );
    expect(OPENAI_CLIENT.description).toBe('class-instructor:OPENAI_CLIENT');
  });
});
