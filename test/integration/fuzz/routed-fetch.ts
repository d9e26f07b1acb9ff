import type { RecordedRequest } from '../../../src/testing';

// For a `fetch` put in front of the SDK's (the `fetch` client option) that picks a server per
// request: the SDK sends chat-completions bodies as JSON text.

/** The first argument of `fetch`. */
export type FetchInput = string | URL | Request;

/** The URL a fetch goes to. */
export function urlOf(input: FetchInput): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

/** The request body the SDK is sending. */
export function bodyOf(init: RequestInit | undefined): RecordedRequest {
  const body = init?.body;
  if (typeof body !== 'string') throw new Error('expected the SDK to send a JSON text body');
  return JSON.parse(body) as RecordedRequest;
}
