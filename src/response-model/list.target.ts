import { Type } from 'class-transformer';
import { IsArray, ValidateNested } from 'class-validator';
import { Description, getClassDescription } from '../schema';
import { ClassTarget } from './class.target';
import type { ResponseModelClass } from './response-model';

/** The property of a list wrapper that holds the elements. */
export const LIST_PROPERTY = 'items';

const listTargets = new WeakMap<ResponseModelClass, ClassTarget<object>>();

/**
 * The target `createIterable` asks for in single-tool and JSON modes: an object whose `items`
 * array holds the elements (tools and `json_schema` need an object at the top). Named
 * `<Class>List`; built once per element class.
 */
export function listTargetFor(element: ResponseModelClass): ClassTarget<object> {
  let target = listTargets.get(element);
  if (!target) {
    const elementDescription = getClassDescription(element);
    class List {
      items!: object[];
    }
    // Decorators applied by hand, exactly as `@IsArray() @ValidateNested({ each: true }) @Type(...)`.
    Reflect.defineMetadata('design:type', Array, List.prototype, LIST_PROPERTY);
    IsArray()(List.prototype, LIST_PROPERTY);
    ValidateNested({ each: true })(List.prototype, LIST_PROPERTY);
    Type(() => element)(List.prototype, LIST_PROPERTY);
    Description(
      `Every ${element.name} in the text, in order${elementDescription ? ` (each: ${elementDescription})` : ''}`,
    )(List.prototype, LIST_PROPERTY);
    Object.defineProperty(List, 'name', { value: `${element.name}List` });
    target = new ClassTarget(List, `${element.name}List`);
    listTargets.set(element, target);
  }
  return target;
}
