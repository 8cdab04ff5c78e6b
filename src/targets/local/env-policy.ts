/**
 * The environment variables an environment starts with. Like Lambda, an
 * environment gets a controlled set instead of the harness's own: inherited
 * variables change what is measured (NODE_EXTRA_CA_CERTS makes a 28 ms `node`
 * start take 80 ms here, PYTHONDONTWRITEBYTECODE makes every Python start recompile).
 */
export interface EnvPolicyInput {
  functionName: string;
  memoryMb?: number;
  timeoutMs: number;
  taskRoot: string;
  region: string;
  /** The runtime's own variables (PYTHONPYCACHEPREFIX for Python), before the scenario's. */
  runtimeEnv?: Record<string, string>;
  /** The scenario's own `env`, applied last. */
  scenarioEnv: Record<string, string>;
}

/** Fixed variables, as Lambda sets them (PATH, LANG, TZ) plus the AWS_LAMBDA_* facts a handler may read. */
export function environmentFor(input: EnvPolicyInput): Record<string, string> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    TZ: ':UTC',
    HOME: '/tmp',
    LAMBDA_TASK_ROOT: input.taskRoot,
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    AWS_LAMBDA_FUNCTION_NAME: input.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    ...(input.memoryMb ? { AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(input.memoryMb) } : {}),
    COLDBENCH_TIMEOUT_MS: String(input.timeoutMs),
    ...input.runtimeEnv,
    ...input.scenarioEnv,
  };
}

/** What run.json records about the policy. */
export const ENV_POLICY_DESCRIPTION =
  'environments start with only the variables listed in "environment" (plus each scenario\'s env); nothing is inherited from the harness';
