/** A value with its censored copy, or the value itself when nothing in it is censored. */
export type Redactor = (value: unknown) => unknown;

/** Segment names under one key, each either censored (null) or a step towards deeper paths. */
type Tree = Map<string, Tree | null>;

/** One segment of a redact path: `name`, `["name"]`, `['name']` or `[name]`. */
const SEGMENT = /([^.[\]]+)|\[(?:"([^"]*)"|'([^']*)'|([^\]]*))\]/g;

function segmentsOf(path: string): string[] {
  const segments: string[] = [];
  for (const match of path.matchAll(SEGMENT)) segments.push(match[1] ?? match[2] ?? match[3] ?? match[4] ?? '');
  return segments;
}

/**
 * pino's redaction of the value logged under `key`, compiled once: `paths` in pino's `redact`
 * syntax (`req.headers.authorization`, `req.headers["x-api-key"]`, `*.password`), those that
 * start with `key` or `*` applied, as pino applies them to a line's `key`. pino 10's redaction
 * (@pinojs/redact) parses every path again on each call, and runs its wildcard paths on every
 * key of every line; this walks a tree built here.
 *
 * The redactor returns its argument when nothing in it is to be censored, else a copy in which
 * each own property on a path is replaced by `censor` (only the objects on the way are copied,
 * own enumerable properties in their order and the prototype, as @pinojs/redact copies them;
 * the original is never changed). A path through an inherited property is not followed (pino
 * follows it; the logged objects here have none). Throws on a path it cannot apply the way pino
 * does (a wildcard after the first segment), rather than censor less.
 */
export function compileRedaction(paths: readonly string[], key: string, censor: string): Redactor {
  const tree: Tree = new Map();
  for (const path of paths) {
    const [first, ...rest] = segmentsOf(path);
    if (first !== key && first !== '*') continue;
    if (rest.includes('*')) throw new Error(`redact path ${path}: a wildcard after the first segment is not supported`);
    // The whole value under `key`: pino writes the censor instead.
    if (rest.length === 0) return () => censor;
    add(tree, rest);
  }
  return tree.size === 0 ? (value) => value : (value) => apply(value, tree, censor);
}

function add(tree: Tree, segments: string[]): void {
  const [name, ...rest] = segments as [string, ...string[]];
  if (rest.length === 0) {
    // Censored whole: deeper paths under it have nothing left to censor.
    tree.set(name, null);
    return;
  }
  let sub = tree.get(name);
  if (sub === null) return;
  if (sub === undefined) tree.set(name, (sub = new Map()));
  add(sub, rest);
}

function apply(value: unknown, tree: Tree, censor: string): unknown {
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const [name, sub] of tree) {
    if (!Object.hasOwn(source, name)) continue;
    const next = sub === null ? censor : apply(source[name], sub, censor);
    if (next === source[name] && sub !== null) continue;
    copy ??= Array.isArray(source)
      ? ([...source] as unknown as Record<string, unknown>)
      : Object.assign(Object.create(Object.getPrototypeOf(source) as object | null) as Record<string, unknown>, source);
    copy[name] = next;
  }
  return copy ?? value;
}
