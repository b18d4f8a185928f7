import { xeroJson } from '../format.ts';

/** Xero's error bodies: ValidationException for refused writes, problem+json for auth, QueryParseException for filters. */

type Json = Record<string, unknown>;

export function respond(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(xeroJson(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

export function validationException(messages: string[], element: Json = {}): Response {
  return respond(400, {
    ErrorNumber: 10,
    Type: 'ValidationException',
    Message: 'A validation exception occurred',
    Elements: [{ ...element, ValidationErrors: messages.map((Message) => ({ Message })) }],
  });
}

export function queryParseException(message: string): Response {
  return respond(400, { ErrorNumber: 16, Type: 'QueryParseException', Message: message });
}

export function notFound(): Response {
  return new Response("The resource you're looking for cannot be found", { status: 404, headers: { 'content-type': 'text/plain' } });
}

/** The problem+json shape Xero's gateway answers 401/403/429 with. */
export function problem(status: number, title: string, detail: string, headers: Record<string, string> = {}): Response {
  return respond(
    status,
    { Type: null, Title: title, Status: status, Detail: detail, Instance: crypto.randomUUID(), Extensions: {} },
    headers,
  );
}
