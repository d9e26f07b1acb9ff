// The service: the default client is injected by its class, like any Nest provider.
import 'reflect-metadata'; // decorated classes below; also lets this module load on its own
import { Injectable } from '@nestjs/common';
import { Instructor } from 'class-instructor';
import { Contact } from './contact.model';

@Injectable()
export class ContactExtractionService {
  // `Instructor` is a value import: its class is the token (`@InjectInstructor()` says the same).
  constructor(private readonly instructor: Instructor) {}

  extract(text: string): Promise<Contact> {
    return this.instructor.create({
      messages: [
        { role: 'system', content: 'Extract the contact details from the message.' },
        { role: 'user', content: text },
      ],
      responseModel: Contact,
    });
  }
}
