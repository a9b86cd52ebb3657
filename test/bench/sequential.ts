/** Shared by the benchmarks that time one call after another: warm-up, samples, and one printed line. */
import { performance } from 'node:perf_hooks';

/** Runs `run` 20 times to warm up (with negative indexes), then `times` times, returning each run's milliseconds. */
export async function timed(times: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(20, times); i += 1) await run(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const start = performance.now();
    await run(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

/** Prints p50, p95, max and the sequential rate of `samplesMs`, the label padded to `labelWidth`. */
export function summary(label: string, samplesMs: number[], labelWidth = 60): void {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const total = samplesMs.reduce((a, b) => a + b, 0);
  console.log(
    `${label.padEnd(labelWidth)} p50 ${at(0.5).toFixed(2).padStart(6)} ms  p95 ${at(0.95).toFixed(2).padStart(6)} ms  max ${at(1).toFixed(2).padStart(7)} ms  (${samplesMs.length}, ${((samplesMs.length / total) * 1000).toFixed(0)}/s sequential)`,
  );
}
