/**
 * Which streamed tool call a delta belongs to. Deltas carry an `index`, but some
 * OpenAI-compatible servers omit it or send 0 for every call; a new call id at an index that
 * already holds another call then starts a new call instead of being glued onto it.
 */
export class ToolCallIndexer {
  private readonly positions = new Map<number, number>(); // wire index -> call position
  private readonly ids = new Map<number, string>(); // call position -> id
  private next = 0;

  /** The position (0, 1, ...) of the call a delta with this `index` and `id` belongs to. */
  position(index: unknown, id: unknown): number {
    const wire = typeof index === 'number' && Number.isInteger(index) ? index : 0;
    let position = this.positions.get(wire);
    const known = position === undefined ? undefined : this.ids.get(position);
    if (
      position === undefined ||
      (typeof id === 'string' && id !== '' && known !== undefined && known !== id)
    ) {
      position = this.next++;
      this.positions.set(wire, position);
    }
    if (typeof id === 'string' && id !== '' && !this.ids.has(position)) this.ids.set(position, id);
    return position;
  }
}
