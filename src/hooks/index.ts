export { HookName, BUILT_IN_HOOK_NAMES } from './hook-name';
export type {
  AttemptInfo,
  HookEventMap,
  HookEventName,
  HookEvents,
  HookHandler,
  HookHandlerFor,
  HookPayload,
  InstructorHookEvents,
  NoCustomHookEvents,
} from './hook-events';
export { Hooks, type HooksOptions } from './hooks';
export { OnHook, type HookMethodDecorator } from './on-hook.decorator';
export {
  getHookMethods,
  hasHookHandlers,
  type HookHandlerClass,
  type HookMethod,
} from './hook-metadata.accessor';
export { HOOK_WARNING_CODE } from './hook-warning';
