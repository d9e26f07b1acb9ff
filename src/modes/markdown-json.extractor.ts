// A ```json fence (language tag optional), lazily matched so the first fence wins.
const FENCE = /```(?:json|JSON)?[ \t]*\r?\n?([\s\S]*?)```/;

/**
 * The JSON text inside a markdown reply: the first fenced block, else the span from the first
 * `{` to the last `}` (models often drop the fence), else the text as is.
 */
export function extractMarkdownJson(text: string): string {
  const fenced = FENCE.exec(text);
  if (fenced) return fenced[1]!.trim();
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start !== -1 && end > start) return text.slice(start, end + 1);
  return text.trim();
}
