export { buildClassSchema, type BuildClassSchemaOptions } from './build-class-schema';
export { getClassDescription } from './description.accessor';
export { Description, type DescriptionDecorator } from './description.decorator';
export { Example, type ExampleDecorator } from './example.decorator';
export type { ClassConstructor } from './class-constructor';
export type {
  JsonSchema,
  JsonObjectSchema,
  JsonSchemaEnumValue,
  JsonSchemaTypeName,
} from './json-schema';
