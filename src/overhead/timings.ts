import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { track } from '../targets/local/child-registry.js';

/**
 * Starts a process and resolves with the harness-clock time from just before
 * the spawn to `until`: its exit, or its first byte on fd 3. Either way it
 * resolves only once the process has exited: a process still tearing down
 * (Node's takes milliseconds) would otherwise compete with the next start
 * measured, and in a fixed rotation always with the same one.
 */
export function timeSpawn(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  until: 'exit' | 'fd3',
): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe', until === 'fd3' ? 'pipe' : 'ignore'] });
    track(child);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    let answeredMs: number | undefined;
    if (until === 'fd3') (child.stdio[3] as Readable).once('data', () => (answeredMs = performance.now() - start));
    child.once('error', reject);
    child.once('exit', (code) => {
      const exitedMs = performance.now() - start;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr.trim()}`));
      else if (until === 'exit') resolve(exitedMs);
      else if (answeredMs !== undefined) resolve(answeredMs);
      else reject(new Error(`${command} ${args.join(' ')} exited without writing to fd 3`));
    });
  });
}
