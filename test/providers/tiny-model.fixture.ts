// The vendored tiny real model and what the local-model tests ask it for.
import path from 'node:path';
import { IsInt, IsString } from 'class-validator';

/** stories260K.gguf (MIT, see its README): writes story English, valid JSON under a grammar. */
export const TINY_MODEL = path.join(__dirname, '..', 'fixtures', 'local-model', 'stories260K.gguf');

export const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];

/** What the tiny model can satisfy: any string, any integer (its ages are negative). */
export class Person {
  @IsString() name!: string;
  @IsInt() age!: number;
}
