/** Types for generate.mjs (used by the benchmark and by test/sweep). */
export function prng(seed: number): () => number;
export function generateMonorepo(
  root: string,
  options?: { files?: number; seed?: number },
): { files: string[]; services: number; perTemplate: Record<string, number> };
