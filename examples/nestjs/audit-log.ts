// An application service the audit hooks depend on: writes lines to the console and keeps them.
import 'reflect-metadata'; // decorated classes below; also lets this module load on its own
import { Injectable } from '@nestjs/common';

@Injectable()
export class AuditLog {
  readonly lines: string[] = [];

  add(line: string): void {
    this.lines.push(line);
    this.write(line);
  }

  /** Tests swap in a quiet subclass. */
  protected write(line: string): void {
    console.log(line);
  }
}
