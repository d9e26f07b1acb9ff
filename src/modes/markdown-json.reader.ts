import { extractMarkdownJson } from './markdown-json.extractor';
import type { StreamTextReader } from './mode.strategy';

const FENCE = '```';
// A fence's tag line is short; an opening "```" with no newline this soon is prose ("use ``` fences").
const MAX_TAG_LENGTH = 32;

/**
 * MD_JSON while streaming: the text inside the first fenced block (its tag line left out), as it
 * arrives. Prose before the fence is never read as JSON (a `{` in "the format is {...}" is not the
 * answer). A reply with no fence at all is read at the end, by the same rule as `create()`.
 * Every character is looked at once; only a possible fence start waits for the next delta.
 */
export function markdownJsonReader(): StreamTextReader {
  let state: 'before' | 'tag' | 'inside' | 'after' = 'before';
  let pending = ''; // backticks (or a short tag) that may start or end a fence
  const unfenced: string[] = []; // the text before any fence, for a reply that has none
  return {
    read(delta, emit) {
      const content: unknown = delta.content;
      if (typeof content !== 'string' || content === '') return;
      if (state === 'before' || state === 'tag') unfenced.push(content);
      let text = pending + content;
      pending = '';
      while (text !== '' && state !== 'after') {
        if (state === 'before') {
          const fence = text.indexOf(FENCE);
          if (fence === -1) {
            pending = trailingBackticks(text);
            return;
          }
          state = 'tag';
          text = text.slice(fence + FENCE.length);
        } else if (state === 'tag') {
          const newline = text.indexOf('\n');
          const brace = firstBrace(text, newline === -1 ? text.length : newline);
          // firstBrace looks only before the newline.
          if (brace !== -1 && /^[\w+-]*\s*$/.test(text.slice(0, brace))) {
            // A one-line fence (```{"a":1}```): the JSON starts at once.
            text = text.slice(brace);
            state = 'inside';
          } else if (newline !== -1 && newline <= MAX_TAG_LENGTH) {
            text = text.slice(newline + 1);
            state = 'inside';
          } else if (newline === -1 && text.length <= MAX_TAG_LENGTH) {
            pending = text;
            return;
          } else {
            state = 'before'; // not a fence after all
          }
        } else {
          const close = text.indexOf(FENCE);
          if (close !== -1) {
            if (close > 0) emit(0, text.slice(0, close), undefined);
            state = 'after';
            return;
          }
          const held = trailingBackticks(text);
          const body = text.slice(0, text.length - held.length);
          if (body !== '') emit(0, body, undefined);
          pending = held;
          return;
        }
      }
    },
    end(emit) {
      if (state !== 'before' && state !== 'tag') return;
      const json = extractMarkdownJson(unfenced.join(''));
      if (json !== '') emit(0, json, undefined);
    },
  };
}

function firstBrace(text: string, before: number): number {
  for (let index = 0; index < before; index++) {
    const char = text.charCodeAt(index);
    if (char === 0x7b || char === 0x5b) return index; // { or [
  }
  return -1;
}

function trailingBackticks(text: string): string {
  let count = 0;
  while (count < 2 && text.charCodeAt(text.length - 1 - count) === 0x60) count++;
  return text.slice(text.length - count);
}
