// Another commit of this repository, built for measuring beside the working tree (the BEFORE side
// of `npm run bench:writes`): a temporary `git worktree` in os.tmpdir() with the repository's
// node_modules linked in, built with that commit's own `npm run build`. Removed afterwards.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './children.mjs';

const git = (repoRoot, args) =>
  execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** npm as the bench was started with (`npm run …`), else the one on PATH. */
function npm(args) {
  const cli = process.env.npm_execpath;
  return cli && cli.endsWith('.js') ? [process.execPath, [cli, ...args]] : ['npm', args];
}

/** `{ commit, label }` of a ref (throws a readable error for an unknown one). */
export function describeRef(repoRoot, ref) {
  let commit;
  try {
    commit = git(repoRoot, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new Error(`--before ${ref}: no such commit in this repository`);
  }
  const subject = git(repoRoot, ['log', '-1', '--format=%s', commit]);
  return { commit, label: `${commit.slice(0, 7)} (${subject.length > 72 ? `${subject.slice(0, 71)}…` : subject})` };
}

/** The working tree's commit, marked when it has uncommitted changes. */
export function describeWorkingTree(repoRoot) {
  const head = git(repoRoot, ['rev-parse', '--short', 'HEAD']);
  const dirty = git(repoRoot, ['status', '--porcelain', '--untracked-files=no']) !== '';
  return `${head}${dirty ? ' + uncommitted changes' : ''} (working tree)`;
}

/**
 * Checks `commit` out into a temporary worktree with the repository's node_modules linked in.
 * Returns `{ root, remove }` (`remove()` deletes the worktree; safe to call twice).
 */
export function checkOut(repoRoot, commit, log) {
  const root = mkdtempSync(join(tmpdir(), 'tansiq-before-'));
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    // The link first, so that nothing below ever reaches the repository's node_modules.
    if (existsSync(join(root, 'node_modules'))) unlinkSync(join(root, 'node_modules'));
    try {
      git(repoRoot, ['worktree', 'remove', '--force', root]);
    } catch {
      // not registered (the add failed): the folder goes below
    }
    rmSync(root, { recursive: true, force: true });
    git(repoRoot, ['worktree', 'prune']);
  };
  try {
    git(repoRoot, ['worktree', 'add', '--detach', '--quiet', root, commit]);
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  } catch (error) {
    remove();
    throw error;
  }
  try {
    git(repoRoot, ['diff', '--quiet', commit, '--', 'package-lock.json']);
  } catch {
    log(
      `  warning: package-lock.json differs at ${commit.slice(0, 7)}: it is built with the working tree's node_modules`,
    );
  }
  return { root, remove };
}

/** Builds a checkout with its own `npm run build`; throws with the build's output when it fails. */
export async function build(root, log) {
  log(`building ${root}`);
  const [command, args] = npm(['run', 'build', '--silent']);
  await run(command, args, { cwd: root, env: process.env });
}
