import { STATUS_CODES } from 'node:http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://tansiq.dev/problems/';

export interface FieldError {
  field: string;
  message: string;
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

export function problemType(code: string): string {
  return `${PROBLEM_TYPE_BASE}${code.toLowerCase().replace(/_/g, '-')}`;
}

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
