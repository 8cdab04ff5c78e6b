import type { TrafficSettings } from '../core/model.js';

/**
 * Defaults of the traffic model. The idle-reclaim time is an assumption:
 * Lambda does not publish it; observed lifetimes of idle environments range
 * from about 5 to 15 minutes, and longer. Five-minute keep-warm pings are the
 * usual schedule (an EventBridge rule).
 */
export const DEFAULT_TRAFFIC: TrafficSettings = {
  ratesPerSecond: [0.001, 0.01, 0.1, 1, 10],
  idleReclaimSeconds: 600,
  pingIntervalSeconds: 300,
  memoryMb: 1024,
};

/**
 * Requests simulated per plan and rate, after the warm-up: enough for a cold
 * share of 1 % to rest on 200 cold starts (±14 % at 95 %), few enough that a
 * report of six scenarios renders in seconds.
 */
export const DEFAULT_SIMULATED_REQUESTS = 20_000;

/** The settings of a run, defaults filled in. */
export function trafficSettings(partial?: Partial<TrafficSettings>): TrafficSettings {
  return { ...DEFAULT_TRAFFIC, ...(partial ?? {}) };
}

/** A rate for people: per second, minute or hour, whichever reads best. */
export function rateLabel(perSecond: number): string {
  const fmt = (v: number) => String(Number(v.toPrecision(3)));
  if (perSecond >= 1) return `${fmt(perSecond)}/s`;
  if (perSecond * 60 >= 1) return `${fmt(perSecond * 60)}/min`;
  return `${fmt(perSecond * 3600)}/h`;
}
