/**
 * Special functions for the probability models: log-gamma, log-beta, digamma, log-space sums, the
 * Gauss hypergeometric function in the forms the models need, and the regularised incomplete beta.
 *
 * Everything that can overflow is returned as a logarithm: the likelihoods multiply gamma functions
 * and powers like (α + T)^(r + x) that leave double range once a customer has a few hundred
 * purchases.
 */

const LN_SQRT_2PI = 0.9189385332046727;

// Lanczos approximation with g = 671/128 and 14 terms (Numerical Recipes, 3rd ed., §6.1); relative
// error of Γ below 1e-15 for every x > 0, so |error| of lnΓ stays near 1e-15 (tested against mpmath).
const LANCZOS_G = 5.2421875;
const LANCZOS = [
  57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199, 0.339946499848118887e-4, 0.465236289270485756e-4,
  -0.983744753048795646e-4, 0.158088703224912494e-3, -0.210264441724104883e-3, 0.217439618115212643e-3, -0.16431810653676389e-3,
  0.844182239838527433e-4, -0.261908384015814087e-4, 0.368991826595316234e-5,
];

/** ln Γ(x) for x > 0 (NaN otherwise). */
export function lnGamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === Infinity) return Infinity;
  let y = x;
  let ser = 0.999999999999997092;
  for (let j = 0; j < 14; j++) ser += LANCZOS[j] / ++y;
  const tmp = x + LANCZOS_G;
  return (x + 0.5) * Math.log(tmp) - tmp + LN_SQRT_2PI + Math.log(ser / x);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function lnBeta(a: number, b: number): number {
  return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

/** ψ(x) = d ln Γ(x) / dx for x > 0: upward recurrence to x ≥ 10, then the asymptotic series. */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  let acc = 0;
  while (x < 10) {
    acc -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  // Bernoulli terms B_2k / (2k x^2k) up to k = 7; the next one is below 1e-16 at x = 10.
  const tail =
    inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760 - inv2 / 12))))));
  return acc + Math.log(x) - 0.5 / x - tail;
}

/** ln(e^a + e^b) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** ln(e^a − e^b) for a ≥ b; −∞ when a = b. */
export function logSubExp(a: number, b: number): number {
  if (b === -Infinity) return a;
  if (b > a) return NaN;
  return a + Math.log(-Math.expm1(b - a));
}

/** 1 / (1 + e^v), the logistic of −v, without overflow. */
export function invOnePlusExp(v: number): number {
  return v > 0 ? Math.exp(-v) / (1 + Math.exp(-v)) : 1 / (1 + Math.exp(v));
}

const CF_EPS = 1e-16;
const CF_TINY = 1e-300;
const CF_MAX_ITER = 200000;

/**
 * ln ₂F₁(1, b; c; z) for c > 1, b ≥ 0 and z < 1, by Gauss's continued fraction for the ratio of
 * contiguous functions ₂F₁(1, b; c; z) / ₂F₁(0, b; c − 1; z), evaluated with the modified Lentz
 * method. Unlike the power series (whose terms shrink like zⁿ and need ~37/(1 − z) of them), the
 * fraction converges for every z in the cut plane and quickly for z < c / (b + 1), which covers the
 * Pareto/NBD arguments close to 1. Written as the incomplete-beta fraction of Numerical Recipes
 * (betacf) with a = c − 1, b' = b − c + 1, since B_z(a, b') = z^a (1 − z)^b' ₂F₁(1, a + b'; a + 1; z)/a.
 * Returns NaN if the fraction has not converged after 200,000 steps.
 */
export function log2F1One(b: number, c: number, z: number): number {
  if (z === 0 || b === 0) return 0;
  const a = c - 1;
  const bb = b - c + 1;
  let cc = 1;
  let d = 1 - (b * z) / c;
  if (Math.abs(d) < CF_TINY) d = CF_TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= CF_MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (bb - m) * z) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < CF_TINY) d = CF_TINY;
    cc = 1 + aa / cc;
    if (Math.abs(cc) < CF_TINY) cc = CF_TINY;
    d = 1 / d;
    h *= d * cc;
    aa = (-(a + m) * (b + m) * z) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < CF_TINY) d = CF_TINY;
    cc = 1 + aa / cc;
    if (Math.abs(cc) < CF_TINY) cc = CF_TINY;
    d = 1 / d;
    const del = d * cc;
    h *= del;
    if (Math.abs(del - 1) < CF_EPS) return Math.log(h);
  }
  return NaN;
}

/**
 * log2F1One(b, c, z) and its partial derivatives ∂/∂b, ∂/∂c, ∂/∂z written to grad[0..2]: the same
 * continued fraction, differentiated term by term (forward mode) along the Lentz recurrence, since
 * ln h = Σ ln dₘ + ln Cₘ. For analytic likelihood gradients; NaN when the fraction does not converge.
 */
export function log2F1OneGrad(b: number, c: number, z: number, grad: Float64Array): number {
  grad[0] = grad[1] = grad[2] = 0;
  if (z === 0 || b === 0) {
    // ₂F₁(1, b; c; z) = 1 + bz/c + …: only the first-order terms survive at z = 0 or b = 0.
    grad[0] = z / c;
    grad[2] = b / c;
    return 0;
  }
  const bb = b - c + 1;
  let d = 1 / (1 - (b * z) / c);
  // ∂d/∂θ = −d² ∂q/∂θ for q = 1 − bz/c; ∂ln d = −d ∂q.
  let db = (d * d * z) / c;
  let dc = (-d * d * b * z) / (c * c);
  let dz = (d * d * b) / c;
  let cc = 1;
  let ccb = 0;
  let ccc = 0;
  let ccz = 0;
  let lh = Math.log(d);
  let gb = db / d;
  let gc = dc / d;
  let gz = dz / d;
  for (let m = 1; m <= CF_MAX_ITER; m++) {
    const m2 = 2 * m;
    for (let half = 0; half < 2; half++) {
      // aa = N / D with its partials in (b, c, z).
      let N: number, Nb: number, Nc: number, Nz: number, D: number, Dc: number;
      if (half === 0) {
        N = m * (bb - m) * z;
        Nb = m * z;
        Nc = -m * z;
        Nz = m * (bb - m);
        const p1 = c - 2 + m2;
        const p2 = c - 1 + m2;
        D = p1 * p2;
        Dc = p1 + p2;
      } else {
        const q1 = c - 1 + m;
        const q2 = b + m;
        N = -q1 * q2 * z;
        Nb = -q1 * z;
        Nc = -q2 * z;
        Nz = -q1 * q2;
        const p1 = c - 1 + m2;
        const p2 = c + m2;
        D = p1 * p2;
        Dc = p1 + p2;
      }
      const aa = N / D;
      const aab = Nb / D;
      const aac = (Nc - aa * Dc) / D;
      const aaz = Nz / D;
      const dn = 1 / (1 + aa * d);
      const dnb = -(aab * d + aa * db) * dn * dn;
      const dnc = -(aac * d + aa * dc) * dn * dn;
      const dnz = -(aaz * d + aa * dz) * dn * dn;
      const cn = 1 + aa / cc;
      const cnb = aab / cc - (aa * ccb) / (cc * cc);
      const cnc = aac / cc - (aa * ccc) / (cc * cc);
      const cnz = aaz / cc - (aa * ccz) / (cc * cc);
      d = dn;
      db = dnb;
      dc = dnc;
      dz = dnz;
      cc = cn;
      ccb = cnb;
      ccc = cnc;
      ccz = cnz;
      const del = d * cc;
      lh += Math.log(del);
      gb += db / d + ccb / cc;
      gc += dc / d + ccc / cc;
      gz += dz / d + ccz / cc;
      if (half === 1 && Math.abs(del - 1) < CF_EPS) {
        grad[0] = gb;
        grad[1] = gc;
        grad[2] = gz;
        return lh;
      }
    }
  }
  return NaN;
}

/**
 * ln ₂F₁(a, b; a + 1; z) for a > 0, 0 < b ≤ a + 1, z < 1: the form in the Pareto/NBD likelihood.
 * Euler's transformation ₂F₁(a, b; c; z) = (1 − z)^(c − a − b) ₂F₁(c − a, c − b; c; z) turns it into
 * (1 − z)^(1 − b) ₂F₁(1, a + 1 − b; a + 1; z), whose terms stay bounded even when b = r + x is in
 * the thousands (the direct series grows like (1 − z)^(−b) before it converges: the overflow the
 * open-source libraries hit above ~300 purchases).
 */
export function log2F1ShiftedC(a: number, b: number, z: number): number {
  return (1 - b) * Math.log1p(-z) + log2F1One(a + 1 - b, a + 1, z);
}

/**
 * Regularised incomplete beta I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1, from
 * I_x(a, b) = x^a (1 − x)^b ₂F₁(1, a + b; a + 1; x) / (a B(a, b)) and the symmetry
 * I_x(a, b) = 1 − I_{1−x}(b, a) on the side where the fraction converges slowly.
 */
export function betaIncReg(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - betaIncReg(b, a, 1 - x);
  const front = a * Math.log(x) + b * Math.log1p(-x) - Math.log(a) - lnBeta(a, b);
  return Math.exp(front + log2F1One(a + b, a + 1, x));
}
