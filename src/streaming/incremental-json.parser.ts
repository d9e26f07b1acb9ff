import { ConfigurationError } from '../errors';
import { JsonStreamError } from './json-stream.error';
import { isDangerousKey, PartialValueBuilder } from './partial-value.builder';
import type { ValueShape } from './value-shape';

/** Options of {@link IncrementalJsonParser}. */
export interface IncrementalJsonParserOptions {
  /**
   * Which objects to create for the root value and the values below it.
   * @default plain objects (`{}`) everywhere
   */
  shape?: ValueShape;
  /**
   * Path of object keys from the root to an array whose elements are reported one by one through
   * `onElement` (`[]` = the root itself is that array). Give both or neither.
   * @default no elements are reported
   */
  elementsAt?: readonly string[];
  /**
   * Called once per element of the `elementsAt` array, as soon as the element is complete (before
   * any later character is consumed), with the element's value (the same object the partial value
   * holds) and its index. If it throws, `write` throws that error and the parser is unusable.
   */
  onElement?: (value: unknown, index: number) => void;
  /**
   * Skip any text before the first `{` or `[` (models that chat before the JSON); the root is then
   * always an object or array.
   * @default false: leading non-whitespace is an error
   */
  allowLeadingText?: boolean;
  /**
   * Ignore any text after the root value is complete.
   * @default false: trailing non-whitespace is an error
   */
  allowTrailingText?: boolean;
}

// What the next character may be.
const enum Mode {
  LeadingText,
  Value,
  ArrayStart,
  ObjectStart,
  ObjectKey,
  Colon,
  AfterValue,
  AfterRoot,
  String,
  Escape,
  Unicode,
  Number,
  Literal,
}

// How far a number has got in JSON's number grammar.
const enum NumberPhase {
  Start,
  Minus,
  Zero,
  Integer,
  Point,
  Fraction,
  Exponent,
  ExponentSign,
  ExponentDigits,
}

// Character codes the grammar names.
const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const PLUS = 0x2b;
const COMMA = 0x2c;
const MINUS = 0x2d;
const POINT = 0x2e;
const SLASH = 0x2f;
const ZERO = 0x30;
const NINE = 0x39;
const COLON = 0x3a;
const UPPER_E = 0x45;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const LOWER_B = 0x62;
const LOWER_E = 0x65;
const LOWER_F = 0x66;
const LOWER_N = 0x6e;
const LOWER_R = 0x72;
const LOWER_T = 0x74;
const LOWER_U = 0x75;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

const EXPECTED: Record<Mode, string> = {
  [Mode.LeadingText]: 'a JSON object or array',
  [Mode.Value]: 'a value',
  [Mode.ArrayStart]: "a value or ']'",
  [Mode.ObjectStart]: "a string key or '}'",
  [Mode.ObjectKey]: 'a string key',
  [Mode.Colon]: "':' after the key",
  [Mode.AfterValue]: "',' or a closing bracket",
  [Mode.AfterRoot]: 'the end of the text',
  [Mode.String]: 'the end of the string',
  [Mode.Escape]: 'an escape character',
  [Mode.Unicode]: 'a hexadecimal digit',
  [Mode.Number]: 'a digit',
  [Mode.Literal]: 'the rest of a literal',
};

const isWhitespace = (code: number): boolean =>
  code === SPACE || code === LINE_FEED || code === CARRIAGE_RETURN || code === TAB;

const isDigit = (code: number): boolean => code >= ZERO && code <= NINE;

/**
 * Parses JSON that arrives in pieces (a model's reply streamed in small deltas) and keeps a partial
 * value that grows in place as each delta is written. Linear: each character is examined once,
 * string content is appended in runs, and nesting uses no recursion.
 *
 * What is visible before the text is complete: an object or array as soon as it opens; an object
 * key once the key is complete and its value is visible; a string value while it is written (with
 * escapes decoded once whole); a number or `true`/`false`/`null` once complete. `__proto__`,
 * `constructor` and `prototype` keys are parsed but never assigned, at any depth.
 *
 * @example
 * const parser = new IncrementalJsonParser();
 * for await (const delta of deltas) if (parser.write(delta)) render(parser.value);
 * const result = parser.end();
 */
export class IncrementalJsonParser {
  private readonly builder: PartialValueBuilder;
  private readonly allowTrailingText: boolean;
  private mode: Mode;
  /** Characters written before the current delta. */
  private offset = 0;
  private failed = false;
  private failure: unknown = undefined;
  private ended = false;
  private readingKey = false;
  private keyText = '';
  private unicodeDigits = 0;
  private unicodeUnit = 0;
  private numberPhase = NumberPhase.Start;
  /** The part of the number being read that came in earlier deltas. */
  private numberText = '';
  private literal = '';
  private literalValue: boolean | null = null;
  private literalIndex = 0;

  constructor(options: IncrementalJsonParserOptions = {}) {
    const { shape, elementsAt, onElement, allowLeadingText = false } = options;
    if ((elementsAt === undefined) !== (onElement === undefined)) {
      throw new ConfigurationError({
        message: 'IncrementalJsonParser: give both elementsAt and onElement, or neither.',
      });
    }
    if (elementsAt?.some(isDangerousKey)) {
      throw new ConfigurationError({
        message: `IncrementalJsonParser: elementsAt ${JSON.stringify(elementsAt)} goes through a key that is never assigned.`,
      });
    }
    const reporting =
      elementsAt === undefined ? undefined : { path: [...elementsAt], onElement: onElement! };
    this.builder = new PartialValueBuilder(shape, reporting);
    this.allowTrailingText = options.allowTrailingText ?? false;
    this.mode = allowLeadingText ? Mode.LeadingText : Mode.Value;
  }

  /**
   * The partial root value built so far (undefined before the root value starts). Objects and
   * arrays are updated in place as deltas arrive; a root string is a new string each time it grows.
   */
  get value(): unknown {
    return this.builder.root;
  }

  /** True once the root value is complete. */
  get complete(): boolean {
    return this.builder.complete;
  }

  /**
   * Consumes one delta. Returns true when the visible partial value changed. Throws
   * JsonStreamError on invalid JSON; the parser is then unusable (later calls throw the same error).
   */
  write(delta: string): boolean {
    this.assertUsable();
    if (this.ended) {
      throw new ConfigurationError({ message: 'IncrementalJsonParser: write() after end().' });
    }
    if (typeof delta !== 'string') {
      throw new ConfigurationError({ message: 'IncrementalJsonParser: write() takes a string.' });
    }
    this.builder.changed = false;
    try {
      this.consume(delta);
    } catch (error) {
      this.failed = true;
      this.failure = error;
      throw error;
    }
    this.offset += delta.length;
    return this.builder.changed;
  }

  /**
   * Ends the input and returns the final value (the same value as `value`). Throws JsonStreamError
   * when the text is empty, incomplete or invalid. Calling it again returns the same value.
   */
  end(): unknown {
    this.assertUsable();
    if (!this.ended) {
      // Only a root number ends with the text; anywhere else the text is incomplete anyway.
      if (this.mode === Mode.Number && this.builder.atRoot && this.numberIsComplete()) {
        this.finishNumber(this.numberText);
      }
      if (!this.builder.complete) {
        this.failed = true;
        this.failure = new JsonStreamError({
          message: `Unexpected end of JSON input: expected ${this.expectation()} at position ${this.offset}`,
          position: this.offset,
        });
        throw this.failure;
      }
      this.ended = true;
    }
    return this.builder.root;
  }

  private assertUsable(): void {
    if (this.failed) throw this.failure;
  }

  /** Runs the state machine over one delta; each reader consumes what it can and returns where it stopped. */
  private consume(delta: string): void {
    const length = delta.length;
    let index = 0;
    while (index < length) {
      switch (this.mode) {
        case Mode.String:
          index = this.readString(delta, index);
          break;
        case Mode.Number:
          index = this.readNumber(delta, index);
          break;
        case Mode.Escape:
          index = this.readEscape(delta, index);
          break;
        case Mode.Unicode:
          index = this.readUnicode(delta, index);
          break;
        case Mode.Literal:
          index = this.readLiteral(delta, index);
          break;
        case Mode.LeadingText:
          index = this.skipLeadingText(delta, index);
          break;
        default:
          index = this.readStructure(delta, index);
      }
    }
  }

  /** Between tokens: whitespace, then a value, a key, `:`, `,` or a closing bracket. */
  private readStructure(delta: string, start: number): number {
    if (this.mode === Mode.AfterRoot && this.allowTrailingText) return delta.length;
    let index = start;
    let code = delta.charCodeAt(index);
    while (isWhitespace(code)) {
      if (++index === delta.length) return index;
      code = delta.charCodeAt(index);
    }
    const builder = this.builder;
    switch (this.mode) {
      case Mode.ArrayStart:
        if (code === CLOSE_BRACKET) return this.close(index);
        return this.startValue(code, index);
      case Mode.Value:
        return this.startValue(code, index);
      case Mode.ObjectStart:
        if (code === CLOSE_BRACE) return this.close(index);
        if (code === QUOTE) return this.startKey(index);
        break;
      case Mode.ObjectKey:
        if (code === QUOTE) return this.startKey(index);
        break;
      case Mode.Colon:
        if (code === COLON) {
          this.mode = Mode.Value;
          return index + 1;
        }
        break;
      case Mode.AfterValue:
        if (code === COMMA) {
          this.mode = builder.inArray ? Mode.Value : Mode.ObjectKey;
          return index + 1;
        }
        if (code === (builder.inArray ? CLOSE_BRACKET : CLOSE_BRACE)) {
          return this.close(index);
        }
        break;
    }
    throw this.unexpected(code, index);
  }

  /** The first character of a value; returns where reading continues. */
  private startValue(code: number, index: number): number {
    switch (code) {
      case OPEN_BRACE:
        this.builder.open(false);
        this.mode = Mode.ObjectStart;
        return index + 1;
      case OPEN_BRACKET:
        this.builder.open(true);
        this.mode = Mode.ArrayStart;
        return index + 1;
      case QUOTE:
        this.builder.startString();
        this.readingKey = false;
        this.mode = Mode.String;
        return index + 1;
      case LOWER_T:
        return this.startLiteral('true', true, index);
      case LOWER_F:
        return this.startLiteral('false', false, index);
      case LOWER_N:
        return this.startLiteral('null', null, index);
    }
    if (code === MINUS || isDigit(code)) {
      this.mode = Mode.Number;
      this.numberPhase = NumberPhase.Start;
      return index; // readNumber reads the number from its first character
    }
    throw this.unexpected(code, index);
  }

  private startKey(index: number): number {
    this.readingKey = true;
    this.keyText = '';
    this.mode = Mode.String;
    return index + 1;
  }

  private close(index: number): number {
    this.builder.close();
    this.afterValue();
    return index + 1;
  }

  private afterValue(): void {
    this.mode = this.builder.atRoot ? Mode.AfterRoot : Mode.AfterValue;
  }

  /** String content up to the next quote, backslash or control character, taken as one run. */
  private readString(delta: string, start: number): number {
    const length = delta.length;
    let index = start;
    let code = 0;
    while (index < length) {
      code = delta.charCodeAt(index);
      if (code === QUOTE || code === BACKSLASH || code < SPACE) break;
      index++;
    }
    if (index > start) {
      if (this.readingKey) this.keyText += delta.slice(start, index);
      else this.builder.appendString(delta, start, index);
    }
    if (index === length) return index;
    if (code === BACKSLASH) {
      this.mode = Mode.Escape;
      return index + 1;
    }
    if (code !== QUOTE) {
      throw this.error(
        index,
        `Bad control character in string literal at position ${this.offset + index}`,
      );
    }
    if (this.readingKey) {
      this.builder.key(this.keyText);
      this.keyText = '';
      this.mode = Mode.Colon;
    } else {
      this.builder.endString();
      this.afterValue();
    }
    return index + 1;
  }

  /** The character after a backslash. */
  private readEscape(delta: string, index: number): number {
    const code = delta.charCodeAt(index);
    let unit: number;
    switch (code) {
      case QUOTE:
      case BACKSLASH:
      case SLASH:
        unit = code;
        break;
      case LOWER_B:
        unit = 0x08;
        break;
      case LOWER_F:
        unit = 0x0c;
        break;
      case LOWER_N:
        unit = 0x0a;
        break;
      case LOWER_R:
        unit = 0x0d;
        break;
      case LOWER_T:
        unit = 0x09;
        break;
      case LOWER_U:
        this.mode = Mode.Unicode;
        this.unicodeDigits = 0;
        this.unicodeUnit = 0;
        return index + 1;
      default:
        throw this.error(index, `Bad escaped character in JSON at position ${this.offset + index}`);
    }
    this.appendCodeUnit(unit);
    return index + 1;
  }

  /** The four hexadecimal digits of a `\u` escape, which may arrive over several deltas. */
  private readUnicode(delta: string, start: number): number {
    const length = delta.length;
    let index = start;
    let unit = this.unicodeUnit;
    let digits = this.unicodeDigits;
    while (index < length && digits < 4) {
      const code = delta.charCodeAt(index);
      const lower = code | 0x20;
      let digit: number;
      if (isDigit(code)) digit = code - ZERO;
      else if (lower >= 0x61 && lower <= 0x66) digit = lower - 0x57;
      else throw this.error(index, `Bad Unicode escape in JSON at position ${this.offset + index}`);
      unit = unit * 16 + digit;
      digits++;
      index++;
    }
    if (digits === 4) this.appendCodeUnit(unit);
    else {
      this.unicodeUnit = unit;
      this.unicodeDigits = digits;
    }
    return index;
  }

  private appendCodeUnit(unit: number): void {
    if (this.readingKey) this.keyText += String.fromCharCode(unit);
    else this.builder.appendCodeUnit(unit);
    this.mode = Mode.String;
  }

  /** Number characters while they fit JSON's grammar; the first that cannot continue ends it. */
  private readNumber(delta: string, start: number): number {
    const length = delta.length;
    let phase = this.numberPhase;
    let index = start;
    scan: for (; index < length; index++) {
      const code = delta.charCodeAt(index);
      switch (phase) {
        case NumberPhase.Start: // startValue saw '-' or a digit
          phase =
            code === MINUS
              ? NumberPhase.Minus
              : code === ZERO
                ? NumberPhase.Zero
                : NumberPhase.Integer;
          continue;
        case NumberPhase.Minus:
          if (code === ZERO) phase = NumberPhase.Zero;
          else if (isDigit(code)) phase = NumberPhase.Integer;
          else
            throw this.error(
              index,
              `No number after minus sign in JSON at position ${this.offset + index}`,
            );
          continue;
        case NumberPhase.Integer:
        case NumberPhase.Zero: // a zero cannot be followed by digits
          if (phase === NumberPhase.Integer && isDigit(code)) continue;
          if (code === POINT) phase = NumberPhase.Point;
          else if (code === LOWER_E || code === UPPER_E) phase = NumberPhase.Exponent;
          else break scan;
          continue;
        case NumberPhase.Point:
          if (!isDigit(code)) {
            throw this.error(
              index,
              `Unterminated fractional number in JSON at position ${this.offset + index}`,
            );
          }
          phase = NumberPhase.Fraction;
          continue;
        case NumberPhase.Fraction:
          if (isDigit(code)) continue;
          if (code === LOWER_E || code === UPPER_E) phase = NumberPhase.Exponent;
          else break scan;
          continue;
        case NumberPhase.Exponent:
        case NumberPhase.ExponentSign:
          if (phase === NumberPhase.Exponent && (code === PLUS || code === MINUS)) {
            phase = NumberPhase.ExponentSign;
            continue;
          }
          if (!isDigit(code)) {
            throw this.error(
              index,
              `Exponent part is missing a number in JSON at position ${this.offset + index}`,
            );
          }
          phase = NumberPhase.ExponentDigits;
          continue;
        case NumberPhase.ExponentDigits:
          if (isDigit(code)) continue;
          break scan;
      }
    }
    this.numberPhase = phase;
    if (index === length) {
      this.numberText += delta.slice(start, index);
    } else {
      this.finishNumber(this.numberText + delta.slice(start, index));
    }
    return index; // the character that ended the number is read again in the next mode
  }

  private numberIsComplete(): boolean {
    const phase = this.numberPhase;
    return (
      phase === NumberPhase.Zero ||
      phase === NumberPhase.Integer ||
      phase === NumberPhase.Fraction ||
      phase === NumberPhase.ExponentDigits
    );
  }

  /** `text` follows JSON's number grammar, so Number() converts it exactly as JSON.parse does. */
  private finishNumber(text: string): void {
    this.numberText = '';
    this.builder.primitive(Number(text));
    this.afterValue();
  }

  private startLiteral(literal: string, value: boolean | null, index: number): number {
    this.mode = Mode.Literal;
    this.literal = literal;
    this.literalValue = value;
    this.literalIndex = 1;
    return index + 1;
  }

  /** The rest of `true`, `false` or `null`, which may arrive over several deltas. */
  private readLiteral(delta: string, start: number): number {
    const literal = this.literal;
    let index = start;
    let matched = this.literalIndex;
    while (index < delta.length && matched < literal.length) {
      const code = delta.charCodeAt(index);
      if (code !== literal.charCodeAt(matched)) throw this.unexpected(code, index);
      index++;
      matched++;
    }
    this.literalIndex = matched;
    if (matched === literal.length) {
      this.builder.primitive(this.literalValue);
      this.afterValue();
    }
    return index;
  }

  /** Text before the first `{` or `[`, skipped when `allowLeadingText` is set. */
  private skipLeadingText(delta: string, start: number): number {
    for (let index = start; index < delta.length; index++) {
      const code = delta.charCodeAt(index);
      if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        this.mode = Mode.Value;
        return index;
      }
    }
    return delta.length;
  }

  private unexpected(code: number, index: number): JsonStreamError {
    const character = JSON.stringify(String.fromCharCode(code));
    const position = this.offset + index;
    return this.error(
      index,
      `Unexpected character ${character} at position ${position}: expected ${this.expectation()}`,
    );
  }

  /** What the next character should have been, for error messages. */
  private expectation(): string {
    if (this.mode === Mode.AfterValue) return this.builder.inArray ? "',' or ']'" : "',' or '}'";
    if (this.mode === Mode.Literal) return `the rest of \`${this.literal}\``;
    return EXPECTED[this.mode];
  }

  private error(index: number, message: string): JsonStreamError {
    return new JsonStreamError({ message, position: this.offset + index });
  }
}
