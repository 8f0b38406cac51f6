/**
 * When the costly probes run. Early steps are probed on a doubling schedule (0, 1, 2, 4, 8, …) because
 * most pathologies show there and are cheapest to fix there; after that every `every` steps, which
 * bounds the overhead at roughly (probe cost) / (every × step cost). Cockpit's schedules work the same way.
 */
export function isProbeStep(step: number, every: number): boolean {
  if (step < every) return step === 0 || (step & (step - 1)) === 0;
  return step % every === 0;
}
