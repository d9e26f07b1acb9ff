// Hook provider: counts requests, re-asks and tokens in the injected MetricsRegistry.
import 'reflect-metadata'; // decorated classes below; also lets this module load on its own
import { Injectable } from '@nestjs/common';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import { type AttemptInfo, OnHook, type ValidationError } from 'class-instructor';
import { MetricsRegistry } from './metrics.registry';

@Injectable()
export class MetricsHooks {
  constructor(private readonly metrics: MetricsRegistry) {}

  @OnHook('completion:kwargs')
  countRequest(): void {
    this.metrics.increment('requests');
  }

  @OnHook('completion:response')
  countTokens(response: ChatCompletion): void {
    this.metrics.increment('tokens', response.usage?.total_tokens ?? 0);
  }

  @OnHook('parse:error')
  countReask(_error: ValidationError, attempt: AttemptInfo): void {
    // The last invalid reply ends the call; only the earlier ones are followed by a re-ask.
    if (!attempt.isLastAttempt) this.metrics.increment('reasks');
  }
}
