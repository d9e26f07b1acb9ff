import { Type } from 'class-transformer';
import { IsArray, ValidateNested } from 'class-validator';
import { defineModelFact, defineKeyedModelFact } from '../internal';
import { Description, getClassDescription } from '../schema';
import { DEFAULT_VALIDATOR_SETTINGS, type ValidatorSettings } from '../validation';
import { ClassTarget } from './class.target';
import type { ResponseModelClass } from './response-model';

/** The property of a list wrapper that holds the elements. */
export const LIST_PROPERTY = 'items';

/**
 * The wrapper class of an element class, a fact of the element class: an object whose `items`
 * array holds the elements, named `<Class>List`.
 */
const listClassOf = defineModelFact('response-model.list-class', (element): ResponseModelClass => {
  const elementDescription = getClassDescription(element);
  class List {
    items!: object[];
  }
  // Decorators applied by hand, as `@IsArray() @ValidateNested({ each: true }) @Type(...)`;
  // `always`, so validation groups the caller selects never strip the list itself.
  Reflect.defineMetadata('design:type', Array, List.prototype, LIST_PROPERTY);
  IsArray({ always: true })(List.prototype, LIST_PROPERTY);
  ValidateNested({ each: true, always: true })(List.prototype, LIST_PROPERTY);
  Type(() => element)(List.prototype, LIST_PROPERTY);
  Description(
    `Every ${element.name} in the text, in order${elementDescription ? ` (each: ${elementDescription})` : ''}`,
  )(List.prototype, LIST_PROPERTY);
  Object.defineProperty(List, 'name', { value: `${element.name}List` });
  return List;
});

const listTarget = defineKeyedModelFact(
  'response-model.list-target',
  (validator: ValidatorSettings) => validator.key,
  (element, validator) => {
    const List = listClassOf(element);
    return new ClassTarget<object>(List, List.name, undefined, validator);
  },
);

/**
 * The target `createIterable` asks for in single-tool and JSON modes: the element class's list
 * wrapper (tools and `json_schema` need an object at the top), validated with `validator`.
 */
export function listTargetFor(
  element: ResponseModelClass,
  validator: ValidatorSettings = DEFAULT_VALIDATOR_SETTINGS,
): ClassTarget<object> {
  return listTarget(element, validator);
}
