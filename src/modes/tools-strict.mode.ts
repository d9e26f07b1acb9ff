import { Mode } from './mode';
import { createToolsStrategy } from './tools.mode';

/** TOOLS with `strict: true`: the API itself guarantees the arguments match the schema's shape. */
export const toolsStrictStrategy = createToolsStrategy(Mode.TOOLS_STRICT, true);
