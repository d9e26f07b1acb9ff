import type { ValueShape } from './value-shape';

// Keys that would reach an object's prototype chain; the same list as internal/untrusted-json.ts.
const DANGEROUS_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** True for a key that is parsed but never assigned. */
export const isDangerousKey = (key: string): boolean => DANGEROUS_KEYS.has(key);

/** One object or array that is open (its closing bracket not read yet). */
interface OpenContainer {
  /** The object or array being filled; undefined under a dangerous key (parsed, never built). */
  readonly container: Record<string, unknown> | unknown[] | undefined;
  readonly isArray: boolean;
  readonly shape: ValueShape | undefined;
  /** Object: the key whose value is being read; undefined before the first key or for a dangerous key. */
  key: string | undefined;
  /** Array: the index of the element being read, which is also the count of elements completed. */
  index: number;
  /** How many keys of the elements path lead here from the root; -1 when off that path. */
  readonly pathDepth: number;
  /** True for the array whose elements are reported one by one. */
  readonly reportsElements: boolean;
  readonly parent: OpenContainer | undefined;
}

/** Where elements are reported: the path of keys to the array and the callback. */
export interface ElementReporting {
  readonly path: readonly string[];
  readonly onElement: (value: unknown, index: number) => void;
}

/**
 * Builds the partial value from the parser's events (syntax is the parser's job, already checked),
 * updating the same objects and arrays in place. Every call is O(1) except string appends, which
 * cost the length of the appended run. Tracks whether anything visible changed.
 * @internal
 */
export class PartialValueBuilder {
  /** The root value so far; undefined before it starts. */
  root: unknown = undefined;
  /** True once the root value is complete. */
  complete = false;
  /** Set whenever the visible value changes; the parser clears it before each delta. */
  changed = false;

  private top: OpenContainer | undefined = undefined;
  /** The string value being read, as far as it is visible. */
  private text = '';
  /** A high surrogate held back until the next code unit shows whether it starts a pair. */
  private heldSurrogate = '';

  constructor(
    private readonly rootShape: ValueShape | undefined,
    private readonly reporting: ElementReporting | undefined,
  ) {}

  /** True when the innermost open container is an array. */
  get inArray(): boolean {
    return this.top !== undefined && this.top.isArray;
  }

  /** True when no object or array is open. */
  get atRoot(): boolean {
    return this.top === undefined;
  }

  /** An object (`{`) or array (`[`) starts at the current position. */
  open(isArray: boolean): void {
    const parent = this.top;
    let shape: ValueShape | undefined;
    let pathDepth = -1;
    let container: OpenContainer['container'];
    const visible = parent === undefined || this.slotIsVisible(parent);
    if (parent === undefined) {
      shape = this.rootShape;
      if (this.reporting !== undefined) pathDepth = 0;
    } else if (visible) {
      const key = parent.isArray ? parent.index : parent.key!;
      shape = parent.shape?.child?.(key);
      const path = this.reporting?.path;
      if (path !== undefined && parent.pathDepth >= 0 && path[parent.pathDepth] === key) {
        pathDepth = parent.pathDepth + 1;
      }
    }
    if (visible) {
      container = isArray ? [] : ((shape?.createObject?.() ?? {}) as Record<string, unknown>);
      this.place(container);
    }
    const reportsElements =
      isArray && container !== undefined && pathDepth === this.reporting?.path.length;
    this.top = {
      container,
      isArray,
      shape,
      key: undefined,
      index: 0,
      pathDepth,
      reportsElements,
      parent,
    };
  }

  /** The innermost open object or array ends. */
  close(): void {
    const closing = this.top!;
    this.top = closing.parent;
    this.finish(closing.container);
  }

  /** A key of the innermost open object is complete; its value comes next. */
  key(key: string): void {
    const top = this.top!;
    top.key = isDangerousKey(key) || top.shape?.acceptsKey?.(key) === false ? undefined : key;
  }

  /** A number or literal is complete at the current position. */
  primitive(value: number | boolean | null): void {
    this.place(value);
    this.finish(value);
  }

  /** A string value starts at the current position: it is visible, empty, from now on. */
  startString(): void {
    this.text = '';
    this.heldSurrogate = '';
    this.place('');
  }

  /** Decoded string content arrives: `source` from `start` to `end`, a run of the current delta. */
  appendString(source: string, start: number, end: number): void {
    const last = source.charCodeAt(end - 1);
    const visibleEnd = last >= 0xd800 && last <= 0xdbff ? end - 1 : end;
    let addition = source.slice(start, visibleEnd);
    if (this.heldSurrogate !== '') {
      addition = this.heldSurrogate + addition;
      this.heldSurrogate = '';
    }
    if (visibleEnd !== end) this.heldSurrogate = source.charAt(visibleEnd);
    if (addition !== '') {
      this.text += addition;
      this.place(this.text);
    }
  }

  /** One UTF-16 code unit decoded from an escape arrives. */
  appendCodeUnit(unit: number): void {
    this.appendString(String.fromCharCode(unit), 0, 1);
  }

  /** The string value ends (a lone high surrogate held back is kept, as JSON.parse keeps it). */
  endString(): void {
    if (this.heldSurrogate !== '') {
      this.text += this.heldSurrogate;
      this.heldSurrogate = '';
      this.place(this.text);
    }
    const text = this.text;
    this.text = '';
    this.finish(text);
  }

  /** Whether a value at `container`'s current position becomes part of the visible value. */
  private slotIsVisible(container: OpenContainer): boolean {
    return container.container !== undefined && (container.isArray || container.key !== undefined);
  }

  /** Puts `value` at the current position (again, for a growing string). */
  private place(value: unknown): void {
    const top = this.top;
    if (top === undefined) {
      this.root = value;
    } else if (!this.slotIsVisible(top)) {
      return;
    } else if (top.isArray) {
      (top.container as unknown[])[top.index] = value;
    } else {
      (top.container as Record<string, unknown>)[top.key!] = value;
    }
    this.changed = true;
  }

  /** The value at the current position is complete: report it if it is a reported element. */
  private finish(value: unknown): void {
    const top = this.top;
    if (top === undefined) {
      this.complete = true;
    } else if (top.isArray) {
      if (top.reportsElements) this.reporting!.onElement(value, top.index);
      top.index++;
    }
  }
}
