import { ConfigurationError } from '../errors';
import { jsonSchemaStrategy } from './json-schema.mode';
import { jsonStrategy } from './json.mode';
import { markdownJsonStrategy } from './md-json.mode';
import { Mode } from './mode';
import { parallelToolsStrategy } from './parallel-tools.mode';
import type { ModeStrategy } from './mode.strategy';
import { toolsStrictStrategy } from './tools-strict.mode';
import { toolsStrategy } from './tools.mode';

const strategies = new Map<string, ModeStrategy>(
  [
    toolsStrategy,
    toolsStrictStrategy,
    jsonStrategy,
    jsonSchemaStrategy,
    markdownJsonStrategy,
    parallelToolsStrategy,
  ].map((strategy) => [strategy.mode, strategy]),
);

/** The strategy of a mode; ConfigurationError for an unknown one. */
export function getModeStrategy(mode: Mode): ModeStrategy {
  const strategy = strategies.get(mode);
  if (!strategy) {
    throw new ConfigurationError({
      message: `Mode ${JSON.stringify(mode)} is not a mode; use one of: ${[...strategies.keys()].join(', ')}.`,
    });
  }
  return strategy;
}
