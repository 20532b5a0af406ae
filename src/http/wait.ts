/**
 * Whole minutes to wait, from a refusal's `?wait=` seconds (at least 1; 15, the per-address window, without it).
 * @example waitMinutes('61') // 2
 */
export function waitMinutes(seconds: string | null): number {
  const value = Number(seconds);
  return Number.isFinite(value) && value > 0 ? Math.max(1, Math.ceil(value / 60)) : 15;
}
