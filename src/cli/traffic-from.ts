import path from 'node:path';
import type { TrafficSettings } from '../core/model.js';
import type { ObservedTraffic } from '../core/observed.js';
import { readObservedTraffic } from '../observe/traffic.js';

/**
 * `--traffic-from DIR`: the observe run's recorded traffic, and the traffic
 * settings that say where it came from (the folder as given, so that a
 * committed run.json holds no machine path). Throws a ConfigError naming the
 * folder when it is not an observe run.
 */
export function trafficFrom(dir: string, traffic: TrafficSettings): { observed: ObservedTraffic; traffic: TrafficSettings } {
  const observed = readObservedTraffic(path.resolve(dir));
  return {
    observed,
    traffic: {
      ...traffic,
      from: { dir, functionName: observed.functionName, invocations: observed.invocations, periodS: observed.periodS },
    },
  };
}
