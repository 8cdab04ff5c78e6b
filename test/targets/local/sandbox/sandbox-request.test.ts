import { describe, expect, it } from 'vitest';
import {
  describeSandbox,
  resolveSandboxRequest,
  warmsBesideHarness,
  type SandboxSupport,
} from '../../../../src/targets/local/sandbox/sandbox-request.js';

const root: SandboxSupport = {
  usable: true,
  cgroupVersion: 1,
  launcher: 'compiled',
  userNamespace: false,
  limitSwap: true,
  cpuAccounting: true,
};

describe('describeSandbox', () => {
  it('states every limit of a sandboxed environment', () => {
    expect(describeSandbox(root, { memoryMb: 512 })).toBe(
      'sandbox: cgroup v1, pid+mount namespaces, cpu quota 0.289 CPU invoke / 2 CPU init (boost), memory 512 MB (no swap), /tmp tmpfs 512 MB, code read-only, frozen between requests, compiled launcher',
    );
    expect(
      describeSandbox(
        { ...root, cgroupVersion: 2, userNamespace: true, limitSwap: false, launcher: 'util-linux' },
        { memoryMb: 128, initCpu: 'share', ephemeralStorageMb: 1024, freeze: false },
      ),
    ).toBe(
      'sandbox: cgroup v2, user+pid+mount namespaces, cpu quota 0.072 CPU invoke / 0.072 CPU init (share), memory 128 MB, /tmp tmpfs 1024 MB, code read-only, util-linux launcher',
    );
    expect(describeSandbox({ ...root, noNamespaces: 'the launcher failed: unshare: Operation not permitted' }, { memoryMb: 1769 })).toBe(
      "sandbox: cgroup v1 only, no namespaces (the launcher failed: unshare: Operation not permitted), cpu quota 1 CPU invoke / 2 CPU init (boost), memory 1769 MB (no swap), the host's /tmp, code writable, frozen between requests, compiled launcher",
    );
    expect(describeSandbox(root)).toBe('sandbox: cgroup v1, pid+mount namespaces (compiled launcher)');
  });

  it("says where warm requests run: on the harness's CPU up to one CPU's share, where the machine can place the harness and it was asked", () => {
    const placing = { ...root, cpuPinning: true, warmBesideHarness: true };
    const said = (support: SandboxSupport, request: Parameters<typeof describeSandbox>[1]) =>
      describeSandbox(support, request).includes("warm requests on the harness's CPU");
    expect(said(placing, { memoryMb: 1769 })).toBe(true);
    expect(said(placing, { memoryMb: 128 })).toBe(true);
    expect(said(placing, { memoryMb: 1770 })).toBe(false);
    expect(said(placing, { memoryMb: 512, warmCpu: 'any' })).toBe(false);
    expect(said({ ...placing, warmBesideHarness: false }, { memoryMb: 512 })).toBe(false);
    expect(warmsBesideHarness(placing, resolveSandboxRequest({ memoryMb: 3008 }))).toBe(false);
    expect(warmsBesideHarness(placing, resolveSandboxRequest({ memoryMb: 1024 }))).toBe(true);
  });

  it('says why a bare process is used, with the fix', () => {
    expect(
      describeSandbox({
        usable: false,
        reason: 'darwin has no cgroups or Linux namespaces',
        fix: 'run coldbench in a Linux VM or container',
      }),
    ).toBe('bare process: darwin has no cgroups or Linux namespaces (fix: run coldbench in a Linux VM or container)');
  });

  it('fills in the defaults: INIT boost, 512 MB of /tmp, frozen between requests', () => {
    expect(resolveSandboxRequest({ memoryMb: 256 })).toEqual({
      memoryMb: 256,
      initCpu: 'boost',
      ephemeralStorageMb: 512,
      freeze: true,
      warmCpu: 'harness',
    });
  });
});
