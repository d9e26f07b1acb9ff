// Hook handler: an audit trail of every call, written through the injected Logger.
import 'reflect-metadata'; // decorated classes below; also lets this module load on its own
import type { ChatCompletion, ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { injectable } from 'tsyringe';
import { type AttemptInfo, OnHook, type ValidationError } from 'class-instructor';
import { Logger } from './logger';

@injectable()
export class AuditLogHooks {
  constructor(private readonly logger: Logger) {}

  @OnHook('completion:kwargs')
  onRequest(kwargs: ChatCompletionCreateParams): void {
    this.logger.log(`[audit] -> ${kwargs.model}, ${kwargs.messages.length} message(s)`);
  }

  @OnHook('completion:response')
  onResponse(response: ChatCompletion): void {
    this.logger.log(`[audit] <- ${response.id} (${response.choices[0]?.finish_reason ?? 'none'})`);
  }

  @OnHook('parse:error')
  onParseError(error: ValidationError, attempt: AttemptInfo): void {
    const problems = error.errors.flatMap((item) => Object.values(item.constraints ?? {}));
    this.logger.log(`[audit] attempt ${attempt.attemptNumber} rejected: ${problems.join('; ')}`);
  }
}
