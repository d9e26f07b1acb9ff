// What docs/streaming.md says a consumer sees of JSON text that has arrived so far, computed from
// scratch for each prefix (quadratic, and obviously so: this is the oracle, not the parser).
//   - text before the first `{` or `[` is skipped, text after the root value is ignored;
//   - an object or array is visible as soon as it opens; a key once it is complete and its value
//     is visible; a string from its opening quote, growing, escapes decoded once whole; a number or
//     a literal once complete (a number is complete when the character after it has arrived);
//   - `__proto__`, `constructor` and `prototype` keys are parsed, never assigned, at any depth;
//   - given the model's declared keys, objects in the model's place (the root, or the elements of
//     arrays there) show only those: a key the model adds never shadows a method of the class.
// No recursion anywhere: replies may nest deeply.

const DANGEROUS = new Set(['__proto__', 'constructor', 'prototype']);

/** One element of the `items` list, and the offset of the character that completed it. */
export interface ReadElement {
  value: unknown;
  completedAt: number;
}

/** What a prefix of JSON text shows. */
export interface PrefixReading {
  /** The visible root value; undefined before the root opens. */
  value: unknown;
  /** True once the root value is complete. */
  complete: boolean;
  /** Offset of the character that completed the root value. */
  completedAt: number | undefined;
  /** Offset of the first character that is not valid JSON there; undefined when none. */
  errorAt: number | undefined;
  /** Elements of the root object's `items` array completed so far, in order. */
  elements: ReadElement[];
  /** A visible key came again in the same object (its value replaced the first one). */
  duplicateKeys: boolean;
}

interface Frame {
  isArray: boolean;
  /** Undefined when the container is not part of the visible value. */
  container: Record<string, unknown> | unknown[] | undefined;
  /** The current key (undefined: none yet, or a dangerous one). */
  key: string | undefined;
  index: number;
  /** The root object's `items` array. */
  reports: boolean;
  /** The root object itself. */
  isRoot: boolean;
  /** In the model's place: the root, or an element of an array in the model's place. */
  modelShaped: boolean;
}

const isSpace = (char: string): boolean =>
  char === ' ' || char === '\n' || char === '\r' || char === '\t';
const isDigit = (char: string | undefined): boolean =>
  char !== undefined && char >= '0' && char <= '9';

/**
 * Reads `text` the way a streaming consumer shows it (see the top of this file). `declared`: the
 * keys of the model class (createPartial); undefined: every key shows (createIterable's lists).
 */
export function readJsonPrefix(text: string, declared?: ReadonlySet<string>): PrefixReading {
  const reading: PrefixReading = {
    value: undefined,
    complete: false,
    completedAt: undefined,
    errorAt: undefined,
    elements: [],
    duplicateKeys: false,
  };
  const stack: Frame[] = [];
  type State = 'lead' | 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'after';
  let state = 'lead' as State; // also set by `finished`
  let at = 0;

  const top = (): Frame | undefined => stack[stack.length - 1];
  const slotVisible = (frame: Frame): boolean =>
    frame.container !== undefined && (frame.isArray || frame.key !== undefined);
  const place = (value: unknown): void => {
    const frame = top();
    if (!frame) reading.value = value;
    else if (!slotVisible(frame)) return;
    else if (frame.isArray) (frame.container as unknown[])[frame.index] = value;
    else (frame.container as Record<string, unknown>)[frame.key!] = value;
  };
  /** A value ended at `completedAt`: count it, report it, move on. */
  const finished = (value: unknown, completedAt: number): void => {
    const frame = top();
    if (!frame) {
      reading.complete = true;
      reading.completedAt = completedAt;
      return;
    }
    if (frame.isArray) {
      if (frame.reports) reading.elements.push({ value, completedAt });
      frame.index += 1;
    }
    state = 'after';
  };
  const fail = (offset: number): PrefixReading => {
    reading.errorAt = offset;
    return reading;
  };

  while (at < text.length && !reading.complete) {
    const char = text[at]!;
    if (state === 'lead') {
      if (char === '{' || char === '[') state = 'value';
      else at += 1;
      continue;
    }
    if (isSpace(char)) {
      at += 1;
      continue;
    }
    if (state === 'colon') {
      if (char !== ':') return fail(at);
      state = 'value';
      at += 1;
      continue;
    }
    if (state === 'key' || state === 'key-or-close') {
      if (char === '}' && state === 'key-or-close') {
        at = closeContainer(at);
        continue;
      }
      if (char !== '"') return fail(at);
      const key = readString(text, at + 1);
      if (key.errorAt !== undefined) return fail(key.errorAt);
      if (key.end === undefined) return reading; // the key is not complete yet
      const frame = top()!;
      const hidden = frame.modelShaped && declared !== undefined && !declared.has(key.text);
      frame.key = DANGEROUS.has(key.text) || hidden ? undefined : key.text;
      if (frame.key !== undefined && frame.container && Object.hasOwn(frame.container, frame.key)) {
        reading.duplicateKeys = true;
      }
      state = 'colon';
      at = key.end;
      continue;
    }
    if (state === 'after') {
      const frame = top()!;
      if (char === ',') {
        state = frame.isArray ? 'value' : 'key';
        at += 1;
      } else if (char === (frame.isArray ? ']' : '}')) {
        at = closeContainer(at);
      } else {
        return fail(at);
      }
      continue;
    }
    // state is 'value' or 'value-or-close'
    if (char === ']' && state === 'value-or-close') {
      at = closeContainer(at);
      continue;
    }
    if (char === '{' || char === '[') {
      const parent = top();
      const visible = parent === undefined || slotVisible(parent);
      const isArray = char === '[';
      const container = visible ? (isArray ? [] : {}) : undefined;
      if (visible) place(container);
      stack.push({
        isArray,
        container,
        key: undefined,
        index: 0,
        reports:
          isArray &&
          visible &&
          parent !== undefined &&
          parent.isRoot &&
          !parent.isArray &&
          parent.key === 'items',
        isRoot: parent === undefined && !isArray,
        modelShaped: parent === undefined || (parent.modelShaped && parent.isArray),
      });
      state = isArray ? 'value-or-close' : 'key-or-close';
      at += 1;
      continue;
    }
    if (char === '"') {
      const string = readString(text, at + 1);
      if (string.errorAt !== undefined) {
        place(string.text);
        return fail(string.errorAt);
      }
      place(string.text);
      if (string.end === undefined) return reading;
      finished(string.text, string.end - 1);
      at = string.end;
      continue;
    }
    if (char === '-' || isDigit(char)) {
      const number = readNumber(text, at);
      if (number.errorAt !== undefined) return fail(number.errorAt);
      if (number.end === undefined) return reading; // complete only once a later character shows it
      const value = Number(text.slice(at, number.end));
      place(value);
      finished(value, number.end);
      at = number.end; // that character is read again as structure
      continue;
    }
    const literal = char === 't' ? 'true' : char === 'f' ? 'false' : char === 'n' ? 'null' : '';
    if (literal === '') return fail(at);
    for (let offset = 1; offset < literal.length; offset++) {
      if (at + offset >= text.length) return reading;
      if (text[at + offset] !== literal[offset]) return fail(at + offset);
    }
    const value = literal === 'true' ? true : literal === 'false' ? false : null;
    place(value);
    finished(value, at + literal.length - 1);
    at += literal.length;
  }
  return reading;

  function closeContainer(offset: number): number {
    const frame = stack.pop()!;
    finished(frame.container, offset);
    return offset + 1;
  }
}

interface StringReading {
  /** The decoded text so far (open: without an unfinished escape or a trailing high surrogate). */
  text: string;
  /** Offset just past the closing quote; undefined while the string is open. */
  end: number | undefined;
  errorAt: number | undefined;
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

function readString(text: string, start: number): StringReading {
  let decoded = '';
  let at = start;
  while (at < text.length) {
    const char = text[at]!;
    if (char === '"') return { text: decoded, end: at + 1, errorAt: undefined };
    if (char < ' ') return { text: visible(decoded), end: undefined, errorAt: at };
    if (char !== '\\') {
      decoded += char;
      at += 1;
      continue;
    }
    const escape = text[at + 1];
    if (escape === undefined) break;
    if (escape === 'u') {
      const digits = text.slice(at + 2, at + 6);
      const bad = [...digits].findIndex((digit) => !/[0-9a-fA-F]/.test(digit));
      if (bad !== -1) return { text: visible(decoded), end: undefined, errorAt: at + 2 + bad };
      if (digits.length < 4) break;
      decoded += String.fromCharCode(parseInt(digits, 16));
      at += 6;
      continue;
    }
    const unit = ESCAPES[escape];
    if (unit === undefined) return { text: visible(decoded), end: undefined, errorAt: at + 1 };
    decoded += unit;
    at += 2;
  }
  return { text: visible(decoded), end: undefined, errorAt: undefined };
}

/** An open string shows no trailing high surrogate: its pair may come next. */
function visible(decoded: string): string {
  const last = decoded.charCodeAt(decoded.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? decoded.slice(0, -1) : decoded;
}

/** JSON's number grammar from `start`: where it ends (the first character that cannot continue it). */
function readNumber(
  text: string,
  start: number,
): { end: number | undefined; errorAt: number | undefined } {
  let at = start;
  const open = { end: undefined, errorAt: undefined };
  const digits = (): number => {
    const from = at;
    while (isDigit(text[at])) at += 1;
    return at - from;
  };
  if (text[at] === '-') at += 1;
  if (at >= text.length) return open;
  if (text[at] === '0') at += 1;
  else if (digits() === 0) return { end: undefined, errorAt: at };
  if (at >= text.length) return open;
  if (text[at] === '.') {
    at += 1;
    if (at >= text.length) return open;
    if (digits() === 0) return { end: undefined, errorAt: at };
    if (at >= text.length) return open;
  }
  if (text[at] === 'e' || text[at] === 'E') {
    at += 1;
    if (text[at] === '+' || text[at] === '-') at += 1;
    if (at >= text.length) return open;
    if (digits() === 0) return { end: undefined, errorAt: at };
    if (at >= text.length) return open;
  }
  return { end: at, errorAt: undefined };
}

/** What MD_JSON's streaming reader has handed on of a reply so far. */
export interface MarkdownReading {
  /** The text of the first fenced block so far (its tag line left out). */
  text: string;
  /** A fence was entered: a reply without one is read at its end instead. */
  fenced: boolean;
}

/** A fence's tag line is this short; "```" followed by more text without a newline is prose. */
const MAX_TAG_LENGTH = 32;

/**
 * What MD_JSON's streaming reader hands on from `content` so far (docs/streaming.md: the first
 * fenced block as it arrives; prose before a fence is never JSON).
 */
export function markdownStreamed(content: string): MarkdownReading {
  let rest = content;
  for (;;) {
    const fence = rest.indexOf('```');
    if (fence === -1) return { text: '', fenced: false };
    rest = rest.slice(fence + 3);
    // The tag line: a one-line fence (```{"a":1}```) starts its JSON at once.
    const newline = rest.indexOf('\n');
    const bracket = firstBracket(rest, newline === -1 ? rest.length : newline);
    if (bracket !== -1 && /^[\w+-]*\s*$/.test(rest.slice(0, bracket))) {
      rest = rest.slice(bracket);
    } else if (newline !== -1 && newline <= MAX_TAG_LENGTH) {
      rest = rest.slice(newline + 1);
    } else if (newline === -1 && rest.length <= MAX_TAG_LENGTH) {
      return { text: '', fenced: false }; // a tag still arriving
    } else {
      continue; // not a fence after all
    }
    const close = rest.indexOf('```');
    // Up to two backticks at the end may be the closing fence: not handed on yet.
    return {
      text: close === -1 ? rest.replace(/`{1,2}$/, '') : rest.slice(0, close),
      fenced: true,
    };
  }
}

/**
 * The text MD_JSON reads at the end of a reply that never entered a fence, by create()'s rule
 * (docs/modes.md: the span from the first `{` to the last `}`, else the whole text); undefined
 * when the reply has backticks that make a block of their own.
 */
export function markdownAtEnd(content: string): string | undefined {
  if (content.includes('```')) return undefined;
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  return start !== -1 && end > start ? content.slice(start, end + 1) : content.trim();
}

function firstBracket(text: string, before: number): number {
  for (let index = 0; index < before; index++) {
    if (text[index] === '{' || text[index] === '[') return index;
  }
  return -1;
}

/**
 * A value as text with sorted keys, for comparing snapshots (own enumerable keys only, prototypes
 * ignored, `-0` as `0`). Iterative.
 */
export function canonical(root: unknown): string {
  const out: string[] = [];
  const work: Array<{ value: unknown } | { text: string }> = [{ value: root }];
  while (work.length > 0) {
    const item = work.pop()!;
    if ('text' in item) {
      out.push(item.text);
      continue;
    }
    const { value } = item;
    if (typeof value === 'string') out.push(JSON.stringify(value));
    else if (typeof value === 'number') out.push(Object.is(value, -0) ? '0' : String(value));
    else if (value === null || typeof value !== 'object') out.push(String(value));
    else if (Array.isArray(value)) {
      const parts: Array<{ value: unknown } | { text: string }> = [{ text: '[' }];
      (value as unknown[]).forEach((element, index) => {
        if (index > 0) parts.push({ text: ',' });
        parts.push({ value: element });
      });
      parts.push({ text: ']' });
      for (let index = parts.length - 1; index >= 0; index--) work.push(parts[index]!);
    } else {
      const parts: Array<{ value: unknown } | { text: string }> = [{ text: '{' }];
      Object.keys(value)
        .sort()
        .forEach((key, index) => {
          parts.push({ text: `${index > 0 ? ',' : ''}${JSON.stringify(key)}:` });
          parts.push({ value: (value as Record<string, unknown>)[key] });
        });
      parts.push({ text: '}' });
      for (let index = parts.length - 1; index >= 0; index--) work.push(parts[index]!);
    }
  }
  return out.join('');
}
