// The root module: the client configured from AppConfig, the HTTP controller, its service and
// the two hook providers. No side effects: importing it starts nothing.
import 'reflect-metadata'; // decorated classes below; also lets this module load on its own
import { Module } from '@nestjs/common';
import { InstructorModule } from 'class-instructor/nestjs';
import { AppConfig, AppConfigModule } from './app.config';
import { AuditLog } from './audit-log';
import { AuditLogHooks } from './audit-log.hooks';
import { ContactExtractionService } from './contact-extraction.service';
import { ContactsController } from './contacts.controller';
import { MetricsHooks } from './metrics.hooks';
import { MetricsRegistry } from './metrics.registry';

@Module({
  imports: [
    InstructorModule.forRootAsync({
      imports: [AppConfigModule],
      inject: [AppConfig],
      useFactory: (config: AppConfig) => config.instructorOptions(),
    }),
  ],
  controllers: [ContactsController],
  providers: [ContactExtractionService, AuditLog, AuditLogHooks, MetricsRegistry, MetricsHooks],
})
export class AppModule {}
