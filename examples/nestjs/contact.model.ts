// The response model: what the service extracts from free text.
import 'reflect-metadata'; // decorated classes below; also lets this module load on its own
import { IsEmail, IsOptional, IsString, MinLength } from 'class-validator';
import { Description } from 'class-instructor';

@Description('A person to get in touch with, as written in the text')
export class Contact {
  @IsString() @MinLength(1) @Description('Full name') name!: string;
  @IsEmail() @Description('Email address') email!: string;
  @IsOptional() @IsString() @Description('Company, when the text names one') company?: string;
}
