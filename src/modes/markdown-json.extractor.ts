// A fenced block: its language tag (maybe empty) and its body, lazily matched so blocks stay apart.
const FENCE = /```([\w+-]*)[ \t]*\r?\n?([\s\S]*?)```/g;

/**
 * The JSON text inside a markdown reply: the first ```json block, else the first fenced block
 * of any other tag (its tag left out), else the span from the first `{` to the last `}` (models
 * often drop the fence), else the text as is.
 */
export function extractMarkdownJson(text: string): string {
  let firstBlock: string | undefined;
  for (const [, tag, body] of text.matchAll(FENCE)) {
    if (tag!.toLowerCase() === 'json') return body!.trim();
    firstBlock ??= body!.trim();
  }
  if (firstBlock !== undefined) return firstBlock;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start !== -1 && end > start) return text.slice(start, end + 1);
  return text.trim();
}
