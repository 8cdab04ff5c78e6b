/**
 * A function's observed arrival process, as the traffic model replays it
 * (`--traffic-from results/<observe-run>`).
 */
export interface ObservedTraffic {
  /** The observe run's folder. */
  dir: string;
  functionName: string;
  /** Start of the period (ISO 8601); arrival times count from it. */
  periodStart: string;
  periodS: number;
  /** Every request's start, in seconds from the period's start, ascending (clamped to [0, periodS]). */
  arrivalTimesS: number[];
  /** The requests among them that were cold starts, same clock. */
  coldStartTimesS: number[];
  invocations: number;
  coldStarts: number;
  /** Requests per second in each hour of the period counted from its start (the last hour may be partial: its own length divides). */
  hourlyRates: number[];
  /** Memory size the function ran with (the most frequent one in the period). */
  memoryMb: number;
  /** The idle time after which the platform reclaimed this function's environments, as estimated from the log (report.md, "Idle gaps"); undefined when the period cannot tell. */
  idleReclaimEstimateS?: number;
}
