/**
 * A text progress bar on stderr, redrawn in place on a terminal; elsewhere (CI, a pipe) one
 * line per finished phase. Rows are the phase's own unit (commitments, assignments, events).
 */
import { performance } from 'node:perf_hooks';

const WIDTH = 30;
const count = (n) => n.toLocaleString('en-US');

export class Progress {
  #tty = Boolean(process.stderr.isTTY);
  #phase = '';
  #total = 0;
  #done = 0;
  #started = 0;
  #lastDraw = 0;

  /** Starts a phase of `total` rows. */
  start(phase, total) {
    this.#phase = phase;
    this.#total = total;
    this.#done = 0;
    this.#started = performance.now();
    this.#draw(true);
  }

  /** Adds `rows` done. */
  tick(rows) {
    this.#done += rows;
    this.#draw(false);
  }

  /** Ends the phase with a final line (`note`: what else it wrote); returns its seconds. */
  finish(note = '') {
    const seconds = (performance.now() - this.#started) / 1000;
    this.#done = this.#total;
    const line = `${this.#line(seconds)}${note ? `  ${note}` : ''}`;
    process.stderr.write(this.#tty ? `\r\x1b[K${line}\n` : `${line}\n`);
    return seconds;
  }

  #line(seconds) {
    const share = this.#total ? Math.min(1, this.#done / this.#total) : 1;
    const filled = Math.round(share * WIDTH);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}]`;
    return `${this.#phase.padEnd(12)} ${bar} ${String(Math.round(share * 100)).padStart(3)}% ${count(this.#done)}/${count(this.#total)} ${seconds.toFixed(1)}s`;
  }

  #draw(force) {
    if (!this.#tty) return;
    const now = performance.now();
    if (!force && now - this.#lastDraw < 100) return;
    this.#lastDraw = now;
    process.stderr.write(`\r\x1b[K${this.#line((now - this.#started) / 1000)}`);
  }
}
