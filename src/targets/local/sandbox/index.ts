/**
 * The sandbox's public API for the run pipeline (docs/sandbox.md):
 * detect once, record the description, and pass a SandboxRequest in
 * EnvironmentSpec.sandbox for every local environment.
 */
export { detectSandboxSupport, harnessCpus, harnessPlacement, SANDBOX_FIX } from './detect.js';
export type { HarnessCpu } from './harness-cpu.js';
export { describeSandbox, resolveSandboxRequest, type SandboxRequest, type SandboxSupport, type WarmCpu } from './sandbox-request.js';
export { DEFAULT_EPHEMERAL_STORAGE_MB, INIT_BOOST_CPUS, LAMBDA_MB_PER_VCPU, type InitCpu } from './lambda-limits.js';
export type { SandboxStats } from './environment-sandbox.js';
