// The service: takes the client from the container, and carries its own per-call hook.
import 'reflect-metadata'; // decorated classes below; also lets this module load on its own
import { injectable } from 'tsyringe';
import { type AttemptInfo, Hooks, Instructor, OnHook } from 'class-instructor';
import { Contact } from './contact.model';
import { Logger } from './logger';

@injectable()
export class ContactExtractionService {
  // `Instructor` is a value import: its constructor is the token the container resolves.
  constructor(
    private readonly client: Instructor,
    private readonly logger: Logger,
  ) {}

  /** Runs for this service's calls only, after the client-level handlers. */
  @OnHook('completion:last_attempt')
  onGiveUp(error: Error, attempt: AttemptInfo): void {
    this.logger.log(`[contacts] giving up after ${attempt.attemptNumber} attempts: ${error.name}`);
  }

  extract(text: string): Promise<Contact> {
    return this.client.create({
      messages: [
        { role: 'system', content: 'Extract the contact details from the message.' },
        { role: 'user', content: text },
      ],
      responseModel: Contact,
      hooks: Hooks.from(this),
    });
  }
}
