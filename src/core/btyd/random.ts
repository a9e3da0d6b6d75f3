/** Seeded random numbers for simulation (mulberry32 uniforms, Box–Muller normals): a seed repeats a run. */

/** Uniforms in [0, 1) from mulberry32. */
function uniformSampler(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normals, two per pair of uniforms (Box–Muller). */
export function normalSampler(seed: number): () => number {
  const u = uniformSampler(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const v = spare;
      spare = undefined;
      return v;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - u()));
    const angle = 2 * Math.PI * u();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
