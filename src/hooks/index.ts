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
export { OnHook, type HookMethodDecorator, type OnHookOptions } from './on-hook.decorator';
export {
  getHookMethods,
  getHookTargets,
  hasHookHandlers,
  type HookHandlerClass,
  type HookMethod,
  type HookTarget,
} from './hook-metadata.accessor';
export { HOOK_WARNING_CODE } from './hook-warning';
