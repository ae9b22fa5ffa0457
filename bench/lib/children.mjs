// The processes the bench starts (the app, the floor, npm, psql): started with their output kept
// for error messages, always stopped when the bench ends (normally, on an error or on Ctrl-C).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from './http.mjs';

const running = new Set();

/** Stops every child still running: SIGTERM, then SIGKILL for those that ignore it. */
export async function stopAll() {
  const children = [...running];
  for (const child of children) child.kill('SIGTERM');
  const deadline = Date.now() + 5_000;
  while (running.size > 0 && Date.now() < deadline) await sleep(50);
  for (const child of running) child.kill('SIGKILL');
}

let interrupted = false;

/** True once Ctrl-C or SIGTERM arrived (what fails after that is the stopping, not an error). */
export function wasInterrupted() {
  return interrupted;
}

/**
 * Ctrl-C, SIGTERM and exit: no child outlives the bench. On a signal, `cleanup` (async) runs
 * once the children are stopped (e.g. dropping databases the bench created).
 */
export function stopChildrenOnExit(cleanup = async () => undefined) {
  const onSignal = (signal) => {
    interrupted = true;
    console.error(`\n${signal}: stopping what the bench started`);
    void stopAll()
      .then(cleanup)
      .catch((error) => console.error(`cleaning up failed: ${error.message}`))
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/**
 * Starts `command args` with stdout and stderr kept (the last 8 KB of each, for messages).
 * Returns the child with `output()` (what it printed) and `exited` (resolves to the exit code).
 */
export function start(command, args, { cwd, env, ipc = false } = {}) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? ['ipc'] : [])] });
  let out = '';
  const keep = (chunk) => {
    out = (out + chunk.toString()).slice(-8_192);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  running.add(child);
  child.exited = new Promise((resolve) => {
    child.on('error', (error) => {
      keep(`${error.message}\n`);
      running.delete(child);
      resolve(-1);
    });
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? (signal ? 128 : -1));
    });
  });
  child.output = () => out.trim();
  // Ports the child's own HTTP servers listen on (reported by the count-statements preload).
  child.listeningOn = new Set();
  if (ipc) child.on('message', (message) => message?.type === 'listening' && child.listeningOn.add(message.port));
  return child;
}

/** Runs a command to its end; throws with its output when it fails. */
export async function run(command, args, options = {}) {
  const child = start(command, args, options);
  const code = await child.exited;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${child.output()}`);
  return child.output();
}

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls `url` until it answers with `accept(status)`; throws with the child's output when the
 * child exits first or `timeoutMs` passes. A child started with IPC and the count-statements
 * preload must first report that it listens on `url`'s port itself: otherwise another process
 * that took the port after `freePort` found it free would be measured instead.
 */
export async function waitUntilServing(child, name, url, accept, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  const port = Number(new URL(url).port);
  const ownPortKnown = () => child.listeningOn === undefined || child.channel == null || child.listeningOn.has(port);
  let exited = false;
  void child.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${name} exited before serving ${url}:\n${child.output()}`);
    if (!ownPortKnown()) {
      await sleep(200);
      continue;
    }
    try {
      if (accept((await request(url, { timeoutMs: 2_000 })).status)) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${name} did not serve ${url} within ${timeoutMs / 1000} s:\n${child.output()}`);
}

/** `VmRSS` (now) and `VmHWM` (peak) of a process in MB, from /proc (Linux); null elsewhere. */
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const mb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) / 1024;
    return { rssMb: mb('VmRSS'), peakMb: mb('VmHWM') };
  } catch {
    return { rssMb: null, peakMb: null };
  }
}

let nextQuestion = 0;

/** The statement count of a child started with `--import bench/count-statements.mjs` and IPC. */
export function statementCount(child) {
  const id = ++nextQuestion;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error('the statement counter did not answer (was the child started with the preload?)'));
    }, 5_000);
    const onMessage = (message) => {
      if (message?.type !== 'count-statements' || message.id !== id) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message.count);
    };
    child.on('message', onMessage);
    child.send({ type: 'count-statements', id });
  });
}
