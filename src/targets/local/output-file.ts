import { closeSync, fstatSync, mkdirSync, openSync, readSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const DIR = path.join(os.tmpdir(), `coldbench-${process.getuid?.() ?? 'user'}`, 'output');
let counter = 0;

/**
 * Where an environment's stdout or stderr goes: an unlinked temporary file.
 * A file is cheaper to set up than a pipe (the spawn is inside every cold
 * e2e), the harness does no work while the handler prints, and an unlinked
 * file leaves nothing behind even if the harness is killed.
 */
export class OutputFile {
  /** Open descriptor, passed to the child as its stdout or stderr. */
  readonly fd: number;
  private closedText: { tail: string; whole: string } | undefined;

  constructor(private readonly keepWhole = false) {
    mkdirSync(DIR, { recursive: true });
    const file = path.join(DIR, `${process.pid}-${++counter}`);
    this.fd = openSync(file, 'w+');
    unlinkSync(file); // the child and this descriptor keep it alive
  }

  /** The last `bytes` of what was written, as text. */
  tail(bytes = 4096): string {
    if (this.closedText) return this.closedText.tail;
    const size = fstatSync(this.fd).size;
    return this.read(Math.max(0, size - bytes), size);
  }

  /** Everything written (only kept after close() when asked for). */
  whole(): string {
    if (this.closedText) return this.closedText.whole;
    return this.read(0, fstatSync(this.fd).size);
  }

  /** Keeps the tail (and the whole text, if asked for) in memory and releases the file. */
  close(): void {
    if (this.closedText) return;
    this.closedText = { tail: this.tail(), whole: this.keepWhole ? this.whole() : '' };
    closeSync(this.fd);
  }

  private read(from: number, to: number): string {
    const buffer = Buffer.alloc(to - from);
    let off = 0;
    while (off < buffer.length) {
      const n = readSync(this.fd, buffer, off, buffer.length - off, from + off);
      if (n === 0) break;
      off += n;
    }
    return buffer.toString('utf8', 0, off);
  }
}
