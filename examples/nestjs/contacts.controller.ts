// The controller: the HTTP edge, turning results and errors into responses.
import 'reflect-metadata'; // decorated classes below; also lets this module load on its own
import { Body, Controller, Post, UnprocessableEntityException } from '@nestjs/common';
import { InstructorRetryException } from 'class-instructor';
import type { Contact } from './contact.model';
import { ContactExtractionService } from './contact-extraction.service';

@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactExtractionService) {}

  /** `POST /contacts { "text": "..." }`: 201 with the contact, or 422 once re-asks run out. */
  @Post()
  async create(@Body() body: { text: string }): Promise<Contact> {
    try {
      return await this.contacts.extract(body.text);
    } catch (error) {
      if (error instanceof InstructorRetryException) {
        throw new UnprocessableEntityException({
          error: 'No valid contact in the text',
          attempts: error.nAttempts,
        });
      }
      throw error;
    }
  }
}
