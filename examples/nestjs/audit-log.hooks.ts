// Hook provider: an audit trail of every call, written through the injected AuditLog. Being a
// provider of the app is all it takes: InstructorModule finds its @OnHook methods at startup.
import 'reflect-metadata'; // decorated classes below; also lets this module load on its own
import { Injectable } from '@nestjs/common';
import type { ChatCompletion, ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { type AttemptInfo, OnHook, type ValidationError } from 'class-instructor';
import { AuditLog } from './audit-log';

@Injectable()
export class AuditLogHooks {
  constructor(private readonly auditLog: AuditLog) {}

  @OnHook('completion:kwargs')
  onRequest(kwargs: ChatCompletionCreateParams): void {
    this.auditLog.add(`[audit] -> ${kwargs.model}, ${kwargs.messages.length} message(s)`);
  }

  @OnHook('completion:response')
  onResponse(response: ChatCompletion): void {
    this.auditLog.add(
      `[audit] <- ${response.id} (${response.choices[0]?.finish_reason ?? 'none'})`,
    );
  }

  @OnHook('parse:error')
  onParseError(error: ValidationError, attempt: AttemptInfo): void {
    const problems = error.errors.flatMap((item) => Object.values(item.constraints ?? {}));
    this.auditLog.add(`[audit] attempt ${attempt.attemptNumber} rejected: ${problems.join('; ')}`);
  }
}
