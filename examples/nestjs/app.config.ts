// The app's configuration, read from the environment (a ConfigService in a bigger app).
import 'reflect-metadata'; // decorated classes below; also lets this module load on its own
import { Injectable, Module } from '@nestjs/common';
import type { InstructorModuleOptions } from 'class-instructor/nestjs';

@Injectable()
export class AppConfig {
  /** The client's options; OPENAI_API_KEY is read by the SDK when the app boots. */
  instructorOptions(): InstructorModuleOptions {
    return {
      model: process.env.CONTACTS_MODEL ?? 'openai/gpt-4.1-mini',
      baseURL: process.env.OPENAI_BASE_URL,
      maxRetries: 1,
    };
  }
}

@Module({ providers: [AppConfig], exports: [AppConfig] })
export class AppConfigModule {}
