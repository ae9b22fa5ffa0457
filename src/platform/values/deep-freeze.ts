/**
 * Freezes `value` and everything it holds (own enumerable properties, array items), so that a
 * value shared by several requests (a kept list page, a validated query) cannot be changed by
 * one of them. Returns the same value.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
