import * as classTransformer from 'class-transformer';
import {
  ALL_VALIDATORS,
  defineModelFact,
  findTypeClass,
  hasOnlyPlainTypeMetadata,
  hasTypeDecorator,
  isBuiltInClass,
  readValidationRules,
  type AnyClass,
} from '../internal';

type Construct = new () => object;

// class-transformer wants `new (...args: any[])`; our model types take `never[]` args (any class).
const viaClassTransformer = (model: AnyClass, plain: object): object =>
  (classTransformer.plainToInstance as (model: AnyClass, plain: object) => object)(model, plain);

/** How to build one class: its constructor and the classes its `@Type` properties hold. */
interface BuildPlan {
  readonly model: Construct;
  readonly nested: ReadonlyMap<string, BuildPlan>;
}

/**
 * The instance class-transformer's `plainToInstance(model, plain)` would build, built directly when
 * the class tree uses nothing of class-transformer but plain `@Type(() => X)` (the common case and
 * a hot path: class-transformer re-reads its metadata for every value); otherwise by class-transformer.
 * `plain` must be a fresh JSON value (its sub-objects are adopted, not copied).
 */
export function buildInstance<T extends object>(
  model: new (...args: never[]) => T,
  plain: object,
): T {
  const plan = planFor(model);
  return (plan ? build(plan, plain) : viaClassTransformer(model, plain)) as T;
}

function build(plan: BuildPlan, plain: object): object {
  const instance = new plan.model() as Record<string, unknown>;
  for (const key of Object.keys(plain)) {
    // A key the class inherits (a method, an accessor, Object.prototype's own names): what
    // class-transformer does with it depends on the descriptor; let it decide for this object.
    if (key in instance && !Object.hasOwn(instance, key)) {
      return viaClassTransformer(plan.model, plain);
    }
    const value = (plain as Record<string, unknown>)[key];
    const nested = plan.nested.get(key);
    instance[key] = nested ? buildNested(nested, value) : value;
  }
  return instance;
}

// Like class-transformer: arrays map element-wise, objects become instances, the rest stays.
function buildNested(plan: BuildPlan, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => buildNested(plan, item));
  return typeof value === 'object' && value !== null ? build(plan, value) : value;
}

// A fact of the root class only: a plan is valid when its whole tree is, and a nested class's
// plan made while building a root that turned out ineligible must not be reused on its own.
// `null`: the class (or a class it nests) uses class-transformer beyond plain @Type.
const planFor: (model: AnyClass) => BuildPlan | null = defineModelFact(
  'validation.instance-plan',
  (model) => computePlan(model, new Map()),
);

function computePlan(model: AnyClass, building: Map<AnyClass, BuildPlan>): BuildPlan | null {
  const inProgress = building.get(model);
  if (inProgress) return inProgress; // a class that contains itself
  const rules = readValidationRules(model, ALL_VALIDATORS);
  const propertyNames = [...new Set(rules.map((rule) => rule.property))];
  // Only classes class-validator recurses into get whitelisted; another nested class keeps
  // whatever class-transformer built inside it, so it must be class-transformer that builds it.
  const validatedNested = new Set(
    rules.filter((rule) => rule.kind === 'nested').map((rule) => rule.property),
  );
  if (!hasOnlyPlainTypeMetadata(model, propertyNames)) return null;
  const nested = new Map<string, BuildPlan>();
  const plan: BuildPlan = { model: model as Construct, nested };
  building.set(model, plan);
  for (const name of propertyNames) {
    if (!hasTypeDecorator(model, name)) continue;
    if (!validatedNested.has(name)) return null;
    const type = findTypeClass(model, name);
    const nestedPlan =
      type === undefined || isBuiltInClass(type) ? null : computePlan(type, building);
    if (!nestedPlan) return null;
    nested.set(name, nestedPlan);
  }
  return plan;
}
