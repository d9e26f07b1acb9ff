// The controller: the edge of the app, turning results and errors into responses.
import 'reflect-metadata'; // decorated classes below; also lets this module load on its own
import { injectable } from 'tsyringe';
import { InstructorRetryException } from 'class-instructor';
import type { Contact } from './contact.model';
import { ContactExtractionService } from './contact-extraction.service';

export type CreateContactResponse =
  { status: 201; body: Contact } | { status: 422; body: { error: string; attempts: number } };

@injectable()
export class ContactsController {
  constructor(private readonly contacts: ContactExtractionService) {}

  async create(request: { text: string }): Promise<CreateContactResponse> {
    try {
      return { status: 201, body: await this.contacts.extract(request.text) };
    } catch (error) {
      if (error instanceof InstructorRetryException) {
        return {
          status: 422,
          body: { error: 'No valid contact in the text', attempts: error.nAttempts },
        };
      }
      throw error;
    }
  }
}
