/** Geometry for the dashboard's server-rendered SVG charts (no script, no canvas). */

/** Round tick values covering [min, max], e.g. 0..37 → 0, 10, 20, 30, 40. */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (max <= min) max = min + 1;
  const rough = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? rough;
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let value = first; value < max + step - 1e-9; value += step) ticks.push(Number(value.toFixed(10)));
  return ticks;
}

/** A linear map from a data range onto a pixel range. */
export function scale(domain: [number, number], range: [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  return (value) => (d1 === d0 ? r0 : r0 + ((value - d0) / (d1 - d0)) * (r1 - r0));
}

/** Every `step`-th label index so that at most `max` labels fit under an axis. */
export function labelStep(count: number, max: number): number {
  return Math.max(1, Math.ceil(count / max));
}
