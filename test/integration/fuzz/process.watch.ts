import { HOOK_WARNING_CODE } from '../../../src';

type WarningArguments = Parameters<typeof process.emitWarning>;

/**
 * What a run breaks beyond the call itself: hook warnings (counted, not printed), unhandled
 * rejections, and changes to `Object.prototype` in the test's realm and in Node's (the SDK's
 * bodies are parsed by fetch, in Node's realm, not in jest's vm context).
 */
export class ProcessWatch {
  private readonly unhandled: unknown[] = [];
  private readonly hookWarnings: string[] = [];
  private readonly onUnhandled = (reason: unknown): void => void this.unhandled.push(reason);
  private emitWarning: jest.SpyInstance<void, WarningArguments> | undefined;
  private outerPrototype: object = Object.prototype;
  private prototypeKeys = { inner: [] as string[], outer: [] as string[] };

  async start(): Promise<void> {
    process.on('unhandledRejection', this.onUnhandled);
    const original = process.emitWarning.bind(process) as (...args: WarningArguments) => void;
    this.emitWarning = jest
      .spyOn(process, 'emitWarning')
      .mockImplementation((...args: WarningArguments) => {
        const [warning, options] = args;
        const code = typeof options === 'object' && options !== null ? options.code : undefined;
        if (code === HOOK_WARNING_CODE) this.hookWarnings.push(String(warning));
        else original(...args);
      });
    this.outerPrototype = Object.getPrototypeOf(await new Response('{}').json()) as object;
    this.prototypeKeys = {
      inner: Object.getOwnPropertyNames(Object.prototype),
      outer: Object.getOwnPropertyNames(this.outerPrototype),
    };
  }

  stop(): void {
    process.off('unhandledRejection', this.onUnhandled);
    this.emitWarning?.mockRestore();
  }

  /** Forgets what earlier runs left. */
  reset(): void {
    this.unhandled.length = 0;
    this.hookWarnings.length = 0;
  }

  /** What the run since `reset` broke, given how many hook warnings its throwing handler owes. */
  violations(expectedWarnings: number): string[] {
    const violations: string[] = [];
    if (this.hookWarnings.length !== expectedWarnings) {
      violations.push(
        `${this.hookWarnings.length} hook warnings for ${expectedWarnings} throwing handler runs`,
      );
    }
    for (const [realm, prototype, keys] of [
      ['test', Object.prototype, this.prototypeKeys.inner],
      ['Node', this.outerPrototype, this.prototypeKeys.outer],
    ] as const) {
      if (Object.getOwnPropertyNames(prototype).join() !== keys.join() || 'polluted' in prototype) {
        violations.push(`the ${realm} realm's Object.prototype was changed`);
      }
    }
    if (this.unhandled.length > 0) {
      violations.push(
        `unhandled rejections: ${this.unhandled.map((reason) => String(reason)).join('; ')}`,
      );
    }
    return violations;
  }
}
