import { STATUS_CODES } from 'node:http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://tansiq.dev/problems/';

export interface FieldError {
  field: string;
  message: string;
  /** Why, for the rules that have a reason code of their own (TextErrorCode: `INVISIBLE_TEXT`, …). */
  code?: string;
}

/** RFC 9457 problem details, as every error leaves the API. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  code?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/**
 * The longest each member of a problem document may be: the ProblemFilter cuts a longer
 * string (a detail quoting the framework, a field named by the client, a long path) and keeps
 * the first PROBLEM_LIMITS.errors field errors, so the OpenAPI schema can state the bounds.
 */
export const PROBLEM_LIMITS = {
  detail: 2000,
  instance: 2048,
  requestId: 128,
  /** Field errors listed (the first ones). */
  errors: 100,
  field: 300,
  message: 1000,
  /** `permission`, `sudoUrl`, `changePasswordUrl`, `currentState` and the items of `allowedActors`/`allowedTransitions`. */
  extension: 200,
} as const;

const cut = (value: unknown, max: number): unknown =>
  typeof value === 'string' && value.length > max ? value.slice(0, max) : value;

/** The document within PROBLEM_LIMITS (unchanged when it already is). */
export function boundProblem(problem: ProblemDocument): ProblemDocument {
  const out: ProblemDocument = { ...problem };
  for (const key of ['detail', 'instance', 'requestId'] as const) {
    if (out[key] !== undefined) out[key] = cut(out[key], PROBLEM_LIMITS[key]) as string;
  }
  if (out.errors) {
    out.errors = out.errors.slice(0, PROBLEM_LIMITS.errors).map((error) => ({
      field: cut(error.field, PROBLEM_LIMITS.field) as string,
      message: cut(error.message, PROBLEM_LIMITS.message) as string,
      ...(error.code === undefined ? {} : { code: error.code }),
    }));
  }
  for (const key of ['permission', 'sudoUrl', 'changePasswordUrl', 'currentState']) {
    if (out[key] !== undefined) out[key] = cut(out[key], PROBLEM_LIMITS.extension);
  }
  for (const key of ['allowedActors', 'allowedTransitions']) {
    const list = out[key];
    if (Array.isArray(list)) out[key] = list.map((item) => cut(item, PROBLEM_LIMITS.extension));
  }
  return out;
}

export function problemType(code: string): string {
  return `${PROBLEM_TYPE_BASE}${code.toLowerCase().replace(/_/g, '-')}`;
}

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
