import type { FastifyInstance } from 'fastify';
import { deepFreeze } from '../values/deep-freeze.js';

/** Values frozen with `immutableJson`, and their JSON once made (UTF-8). */
const immutables = new WeakSet<object>();
const texts = new WeakMap<object, Buffer>();

/**
 * Freezes `value` deeply and marks it as one whose JSON may be made once and sent again (a
 * list page kept by `PageCache`): frozen, it can no longer differ from the text made of it.
 * Returns the same value.
 */
export function immutableJson<T>(value: T): T {
  deepFreeze(value);
  if (typeof value === 'object' && value !== null) immutables.add(value);
  return value;
}

/**
 * A reply body's JSON: `JSON.stringify`, as Fastify's default, except for a value marked by
 * `immutableJson`, whose UTF-8 text is made on its first reply and reused by the next ones.
 */
export function replyJson(payload: unknown): string | Buffer {
  if (typeof payload !== 'object' || payload === null || !immutables.has(payload)) return JSON.stringify(payload);
  let text = texts.get(payload);
  if (!text) texts.set(payload, (text = Buffer.from(JSON.stringify(payload), 'utf8')));
  return text;
}

/** Fastify serializes every object body with `replyJson` (no route declares a response schema). */
export function serializeRepliesWithKeptJson(fastify: FastifyInstance): void {
  // Typed as giving a string, but Fastify sends what the serializer gives as a payload, and a
  // Buffer is a payload (it sets Content-Length from its length).
  fastify.setReplySerializer(replyJson as (payload: unknown) => string);
}
