import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SampleRow } from '../../../../src/core/model.js';
import { runLocal } from '../../../../src/targets/local/local-runner.js';
import { removeStaleCgroups } from '../../../../src/targets/local/sandbox/cgroup.js';
import { formatCpuList } from '../../../../src/targets/local/sandbox/cgroup-plan.js';
import { harnessCpus, harnessPlacement, sandboxHost } from '../../../../src/targets/local/sandbox/detect.js';
import type { HarnessCpu } from '../../../../src/targets/local/sandbox/harness-cpu.js';
import { fixtureScenario, runnerContext } from '../../../helpers.js';
import { sandboxedNode } from './sandboxed.js';

const host = sandboxHost();
const skip = !('support' in host)
  ? 'no sandbox here'
  : !host.support.warmBesideHarness
    ? 'the harness cannot take a CPU of its own here (no cpuset controller, or one CPU)'
    : undefined;
if (skip) console.warn(`harness CPU tests skipped: ${skip}`);

const allowed = (status: string) => /^Cpus_allowed_list:\s*(.+)$/m.exec(status)?.[1];
/** The CPUs this process's main thread may run on now. */
const ownCpus = () => allowed(readFileSync('/proc/self/status', 'utf8'));
/** The CPUs each of this process's threads may run on now. */
const threadCpus = () =>
  new Set(readdirSync('/proc/self/task').map((tid) => allowed(readFileSync(`/proc/self/task/${tid}/status`, 'utf8'))));

describe.skipIf(skip)('the harness on a CPU of its own, and warm loops beside it (real cgroups and cpusets)', () => {
  const placement = () => harnessPlacement() as HarnessCpu;
  const all = formatCpuList(harnessCpus());

  it('moves every thread of the harness and what it starts meanwhile onto its CPU, and back to where they were', async () => {
    const cpu = String(placement().cpu);
    expect(ownCpus()).toBe(all);
    const seen = await placement().during(async () => {
      const child = allowed(spawnSync('cat', ['/proc/self/status'], { encoding: 'utf8' }).stdout);
      const nested = await placement().during(async () => ownCpus());
      return { threads: threadCpus(), child, nested, afterNested: ownCpus() };
    });
    expect(seen).toEqual({ threads: new Set([cpu]), child: cpu, nested: cpu, afterNested: cpu });
    expect(threadCpus()).toEqual(new Set([all]));
  });

  it('returns the harness when the work fails', async () => {
    await expect(
      placement().during(async () => {
        throw new Error('handler blew up');
      }),
    ).rejects.toThrow('handler blew up');
    expect(ownCpus()).toBe(all);
  });

  it('keeps its cpuset folder under the coldbench folder, named for this process (removed by the next harness if left behind)', () => {
    const parent = 'support' in host ? host.parent : undefined;
    const dir = parent?.version === 1 ? parent.cpuset : parent?.dir;
    expect(existsSync(path.join(dir!, `e${process.pid}-harness`))).toBe(true);
  });

  it("removes a dead harness's cpuset folder, which exists in the cpuset hierarchy alone", () => {
    const parent = 'support' in host ? host.parent : undefined;
    const dir = parent?.version === 1 ? parent.cpuset : parent?.dir;
    const deadPid = spawnSync('true').pid;
    const left = path.join(dir!, `e${deadPid}-harness`);
    mkdirSync(left);
    removeStaleCgroups(parent!);
    expect(existsSync(left)).toBe(false);
  });

  it("runs a warm loop on the harness's CPU up to 1,769 MB; above that, or with warmCpu any, where the scheduler puts it", async () => {
    const cpu = String(placement().cpu);
    for (const [memoryMb, warmCpu, inLoop] of [
      [1769, 'harness', cpu],
      [128, 'harness', cpu],
      [3008, 'harness', all],
      [512, 'any', all],
    ] as const) {
      const env = sandboxedNode('cpus-allowed.handler', { memoryMb, warmCpu });
      await env.request({});
      const warm = await env.besideHarness(() => env.request({}));
      const later = await env.request({});
      expect({ memoryMb, warmCpu, warm: warm.body, later: later.body }).toEqual({
        memoryMb,
        warmCpu,
        warm: { cpus: inLoop },
        later: { cpus: all },
      });
    }
  });

  it('the runner records warm rows with the harness on its CPU during the loop (1,769 MB), and not at 3,008 MB', {
    timeout: 30_000,
  }, async () => {
    const cpusWhileRecording = async (memoryMb: number) => {
      const scenario = fixtureScenario({ memoryMb, variants: { v: { strategy: 'preload', handler: 'cpus-allowed.handler' } } });
      const seen: (string | undefined)[] = [];
      const rows: SampleRow[] = [];
      await runLocal([scenario], {
        ...runnerContext,
        sandbox: { support: ('support' in host ? host.support : undefined)!, initCpu: 'boost', ephemeralStorageMb: 512 },
        runId: 'test',
        cold: 1,
        warm: 3,
        warmup: 1,
        signal: new AbortController().signal,
        record: (row) => {
          rows.push(row);
          if (row.kind === 'warm') seen.push(ownCpus());
        },
        progress: () => undefined,
      });
      expect(rows.filter((r) => r.kind === 'warm' && !r.error)).toHaveLength(3);
      return seen;
    };
    // A row is recorded when the next response says what came after it: the last one after the loop, when the environment closes.
    expect(await cpusWhileRecording(1769)).toEqual([String(placement().cpu), String(placement().cpu), all]);
    expect(await cpusWhileRecording(3008)).toEqual([all, all, all]);
    expect(ownCpus()).toBe(all);
  });
});
