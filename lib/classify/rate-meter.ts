/** Frames per second and mean per-frame latency over a sliding window of recent frames. */
export interface RateMeter {
  record(frameEndMs: number, latencyMs: number): void;
  readonly fps: number;
  readonly latencyMs: number;
  reset(): void;
}

export function createRateMeter(windowSize = 30): RateMeter {
  let ends: number[] = [];
  let latencies: number[] = [];
  return {
    record(frameEndMs, latencyMs) {
      ends.push(frameEndMs);
      latencies.push(latencyMs);
      if (ends.length > windowSize) {
        ends = ends.slice(-windowSize);
        latencies = latencies.slice(-windowSize);
      }
    },
    get fps() {
      if (ends.length < 2) return 0;
      const span = ends[ends.length - 1] - ends[0];
      return span > 0 ? ((ends.length - 1) * 1000) / span : 0;
    },
    get latencyMs() {
      return latencies.length === 0 ? 0 : latencies.reduce((a, b) => a + b, 0) / latencies.length;
    },
    reset() {
      ends = [];
      latencies = [];
    },
  };
}
