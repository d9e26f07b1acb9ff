import { ConfigurationError } from '../errors';
import { jsonSchemaStrategy } from './json-schema.mode';
import { jsonStrategy } from './json.mode';
import { markdownJsonStrategy } from './md-json.mode';
import { Mode } from './mode';
import type { ModeStrategy } from './mode.strategy';
import { toolsStrictStrategy } from './tools-strict.mode';
import { toolsStrategy } from './tools.mode';

const strategies = new Map<string, ModeStrategy>(
  [toolsStrategy, toolsStrictStrategy, jsonStrategy, jsonSchemaStrategy, markdownJsonStrategy].map(
    (strategy) => [strategy.mode, strategy],
  ),
);

/** True when `mode` names a mode `create()` can use. */
export function isSupportedMode(mode: unknown): mode is Mode {
  return typeof mode === 'string' && strategies.has(mode);
}

/** The strategy of a mode; ConfigurationError for an unknown one. */
export function getModeStrategy(mode: Mode): ModeStrategy {
  const strategy = strategies.get(mode);
  if (!strategy && mode === Mode.PARALLEL_TOOLS) {
    throw new ConfigurationError({
      message:
        'Mode.PARALLEL_TOOLS is not available yet: it arrives with streaming (createIterable and ' +
        `\`responseModel: [A, B]\`). Until then use one of: ${[...strategies.keys()].join(', ')}.`,
    });
  }
  if (!strategy) {
    throw new ConfigurationError({
      message: `Mode ${JSON.stringify(mode)} is not supported by create(); use one of: ${[...strategies.keys()].join(', ')}.`,
    });
  }
  return strategy;
}
