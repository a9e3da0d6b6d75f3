/**
 * Independent reference integrals for the tests: tanh-sinh (double-exponential) quadrature, which
 * handles the integrable endpoint singularities of beta densities. It shares nothing with the
 * series and continued fractions under test.
 */

/** ∫₀¹ p^(a−1) (1−p)^(b−1) g(p) dp. Nodes p = 1/(1+e^(−2v)), v = (π/2) sinh u, u = kh, |u| ≤ 5. */
export function betaIntegral(a: number, b: number, g: (p: number) => number, h = 1 / 128): number {
  let sum = 0;
  const n = Math.round(5 / h);
  for (let k = -n; k <= n; k++) {
    const u = k * h;
    const v = (Math.PI / 2) * Math.sinh(u);
    const lnp = -Math.log1p(Math.exp(-2 * v));
    const lnq = -Math.log1p(Math.exp(2 * v));
    // dp/du = π cosh(u) p (1−p), folded into the beta weight.
    const w = h * Math.PI * Math.cosh(u) * Math.exp(a * lnp + b * lnq);
    if (w > 0) sum += w * g(Math.exp(lnp));
  }
  return sum;
}

/** ∫_lo^hi exp(logF(τ) − shift) dτ, returned as its logarithm plus `shift`. */
export function logIntegral(logF: (t: number) => number, lo: number, hi: number, shift: number): number {
  const value = betaIntegral(1, 1, (p) => Math.exp(logF(lo + (hi - lo) * p) - shift));
  return Math.log(value * (hi - lo)) + shift;
}
