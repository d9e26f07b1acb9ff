// class-instructor/nestjs: the NestJS module. Only this entry loads @nestjs/common and @nestjs/core.
export { InstructorModule } from './instructor.module';
export type { InstructorModuleExtras, InstructorModuleOptions } from './instructor-module.options';
export { InjectInstructor } from './inject-instructor.decorator';
export { getInstructorToken, getOpenAIClientToken } from './instructor.tokens';
