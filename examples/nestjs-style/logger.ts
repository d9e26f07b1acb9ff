// An application service the hook handlers depend on. No side effects: safe to run on its own.

/** Writes log lines to the console and keeps them (tests swap in a quiet subclass). */
export class Logger {
  readonly lines: string[] = [];

  log(line: string): void {
    this.lines.push(line);
    this.write(line);
  }

  protected write(line: string): void {
    console.log(line);
  }
}
