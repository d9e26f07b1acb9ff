import type { StreamTextReader } from './mode.strategy';

const FENCE = '```';

/**
 * MD_JSON while streaming: the text inside the first fenced block (its tag line left out), or,
 * when the model starts the JSON without a fence, the text from the first `{` or `[` on. Every
 * character is looked at once; only a possible fence start (up to two backticks) waits for the
 * next delta.
 */
export function markdownJsonReader(): StreamTextReader {
  let state: 'before' | 'tag' | 'inside' | 'bare' | 'after' = 'before';
  let pending = ''; // backticks (or a tag) that may start or end a fence, held for the next delta
  return {
    read(delta, emit) {
      const content: unknown = delta.content;
      if (typeof content !== 'string' || content === '') return;
      let text = pending + content;
      pending = '';
      while (text !== '' && state !== 'after') {
        if (state === 'before') {
          const fence = text.indexOf(FENCE);
          const brace = firstBrace(text, fence === -1 ? text.length : fence);
          if (brace !== -1) {
            state = 'bare';
            text = text.slice(brace);
          } else if (fence !== -1) {
            state = 'tag';
            text = text.slice(fence + FENCE.length);
          } else {
            pending = trailingBackticks(text);
            return;
          }
        } else if (state === 'tag') {
          const newline = text.indexOf('\n');
          if (newline === -1) {
            // A one-line fence (```{"a":1}```) has no tag line: its JSON starts at once.
            const brace = firstBrace(text, text.length);
            if (brace === -1) {
              pending = text;
              return;
            }
            text = text.slice(brace);
          } else {
            text = text.slice(newline + 1);
          }
          state = 'inside';
        } else if (state === 'inside') {
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
        } else {
          emit(0, text, undefined);
          return;
        }
      }
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
