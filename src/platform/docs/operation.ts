import { applyDecorators, type Type } from '@nestjs/common';
import { ApiBody, ApiOperation, type ApiBodyOptions } from '@nestjs/swagger';

/** An operationId Swagger UI can deep-link to (`#/commitments/createCommitment`): camelCase, no `_`. */
export const OPERATION_ID = /^[a-z][a-zA-Z0-9]*$/;

/** What the document says of one operation, next to its route. */
export interface OperationDoc {
  /** camelCase, unique in the document (`createCommitment`). */
  id: string;
  /** Short and imperative, in the user's words (`Create a commitment`). */
  summary: string;
  /** What it does, who may call it, its notable errors with their `code`, and its headers. */
  description: string;
}

/** Documents an operation: its id, summary and description (Markdown). */
export function Operation({ id, summary, description }: OperationDoc): MethodDecorator {
  if (!OPERATION_ID.test(id)) throw new Error(`operationId ${id} is not camelCase`);
  return ApiOperation({ operationId: id, summary, description });
}

/**
 * Stand-ins for ids in request examples. They are well-formed UUIDs (the examples stay valid
 * against their schemas) that name no record: replace each with a real id, found where the
 * example says (`withIds`). openapi-examples.e2e-spec.ts substitutes them.
 */
export const EXAMPLE_ID = {
  /** A party of the committee (the owner of a commitment, the party of a person or agency). */
  party: '00000000-0000-4000-8000-00000000000a',
  /** Another party of the committee. */
  otherParty: '00000000-0000-4000-8000-00000000000b',
  /** An agency of `party`. */
  agency: '00000000-0000-4000-8000-00000000000c',
  /** An issue area. */
  issueArea: '00000000-0000-4000-8000-00000000000d',
  /** A person who holds a seat on the committee (attendee, assignee), or the person to seat. */
  person: '00000000-0000-4000-8000-00000000000e',
  /** A decision of one of the committee's meetings. */
  decision: '00000000-0000-4000-8000-00000000000f',
} as const;

/** Stand-in for a refresh token in request examples (the `refreshToken` a sign-in answered). */
export const EXAMPLE_REFRESH_TOKEN = 'paste-the-refreshToken-from-the-sign-in-answer';

/**
 * The request body's type and one example of it (`examples.example` on the media type), which
 * Swagger UI's "Try it out" fills in. `replace` names each field holding a stand-in
 * (`EXAMPLE_ID`, `EXAMPLE_REFRESH_TOKEN`) and where to get the real value; it becomes the
 * example's description.
 */
export function RequestExample(
  type: Type<unknown>,
  example: { summary: string; value: object; replace?: Record<string, string> },
): MethodDecorator {
  const replace = Object.entries(example.replace ?? {});
  const description =
    replace.length > 0
      ? `Before sending, replace:\n${replace.map(([field, where]) => `- \`${field}\`: ${where}`).join('\n')}`
      : 'Accepted as shown when the demo data is loaded.';
  const options = {
    type,
    required: true,
    examples: { example: { summary: example.summary, description, value: example.value } },
  };
  return applyDecorators(ApiBody(options as ApiBodyOptions));
}
