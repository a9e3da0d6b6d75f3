/**
 * Deterministic unconstrained minimisation for maximum likelihood: Nelder–Mead to get near the
 * optimum from a rough start, then BFGS to converge on the gradient. The models minimise the
 * negative log-likelihood over log-parameters, which keeps every parameter positive without bounds.
 *
 * Convergence is judged on the gradient (max-norm ≤ tolerance) or, where rounding in the objective
 * stops BFGS first (flat, strongly correlated likelihoods such as Gamma-Gamma's), on the Newton
 * decrement gᵀH⁻¹g with the numerical Hessian: it is the squared distance to the optimum in units of
 * the estimate's standard errors, and must be ≤ 1e-6 (0.001 standard errors). Never on a stalled
 * step alone, so a fit that did not converge says so.
 */

export interface Objective {
  /** Function value at x; NaN or ±∞ mark points outside the domain (treated as +∞). */
  f(x: Float64Array): number;
  /** Analytic gradient, when available: writes ∂f/∂x into g and returns f(x). */
  fg?(x: Float64Array, g: Float64Array): number;
}

export interface MinimizeOptions {
  /** Converged when max |∂f/∂xᵢ| ≤ gradientTolerance · (1 + |f|); default 1e-9. */
  gradientTolerance?: number;
  /** BFGS iterations; default 500. */
  maxIterations?: number;
  /**
   * Nelder–Mead stops when the simplex's f-range ≤ this · (1 + |f|); default 1e-3, a coarse stage:
   * BFGS converges faster from there than Nelder–Mead would.
   */
  simplexTolerance?: number;
  /** Nelder–Mead iteration cap; default 100 per dimension. */
  simplexIterations?: number;
  /** Initial simplex edge; default 0.5 (a factor e^0.5 ≈ 1.65 on a log-parameter). */
  simplexStep?: number;
  /**
   * Not converged when some |xᵢ| exceeds this at the end: a log-parameter running to 0 or ∞, where
   * the likelihood flattens out and no test on the gradient can be trusted. Default 20 (θ outside
   * [2e-9, 5e8]).
   */
  bound?: number;
}

export interface MinimizeResult {
  x: Float64Array;
  f: number;
  gradient: Float64Array;
  /** max |∂f/∂xᵢ| at x. */
  gradientNorm: number;
  /** Nelder–Mead plus BFGS iterations. */
  iterations: number;
  /** Objective evaluations, including those of numerical gradients. */
  evaluations: number;
  converged: boolean;
  /** Why it stopped, in words. */
  message: string;
  /** Index of the coordinate that ran past `bound`, or −1. */
  boundaryIndex: number;
}

/** Central-difference step in x: ε^(1/3) balances truncation and rounding error. */
const GRAD_STEP = 6e-6;
/** Second-difference step for the Hessian: ε^(1/4). */
const HESS_STEP = 1e-4;
/** Converged when gᵀH⁻¹g ≤ this: the optimum is within 0.001 standard errors. */
const NEWTON_TOL = 1e-6;

function finiteOr(v: number): number {
  return Number.isFinite(v) ? v : Infinity;
}

class Counted {
  evaluations = 0;
  constructor(private readonly obj: Objective) {}

  /** The objective itself (analytic gradient only if it has one), counting evaluations. */
  asObjective(): Objective {
    const fg = this.obj.fg;
    return {
      f: (x) => this.f(x),
      fg: fg
        ? (x, g) => {
            this.evaluations++;
            return fg(x, g);
          }
        : undefined,
    };
  }

  f(x: Float64Array): number {
    this.evaluations++;
    return finiteOr(this.obj.f(x));
  }

  /** f and gradient into g: analytic when available, else central differences (2n evaluations). */
  fg(x: Float64Array, g: Float64Array): number {
    if (this.obj.fg) {
      this.evaluations++;
      const v = finiteOr(this.obj.fg(x, g));
      for (let i = 0; i < g.length; i++) if (!Number.isFinite(g[i])) return Infinity;
      return v;
    }
    const fx = this.f(x);
    const y = Float64Array.from(x);
    for (let i = 0; i < x.length; i++) {
      const h = GRAD_STEP * Math.max(1, Math.abs(x[i]));
      y[i] = x[i] + h;
      const fp = this.f(y);
      y[i] = x[i] - h;
      const fm = this.f(y);
      y[i] = x[i];
      g[i] = (fp - fm) / (2 * h);
    }
    return fx;
  }
}

function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}

function outside(x: Float64Array, bound: number): number {
  for (let i = 0; i < x.length; i++) if (!(Math.abs(x[i]) <= bound)) return i;
  return -1;
}

/** Nelder–Mead (standard coefficients 1, 2, ½, ½); returns the best vertex and iterations used. */
function nelderMead(
  obj: Counted,
  x0: Float64Array,
  step: number,
  tol: number,
  maxIter: number,
  bound: number,
): { x: Float64Array; f: number; iterations: number } {
  const n = x0.length;
  const pts: Float64Array[] = [Float64Array.from(x0)];
  for (let i = 0; i < n; i++) {
    const p = Float64Array.from(x0);
    p[i] += step;
    pts.push(p);
  }
  const fs = pts.map((p) => obj.f(p));
  const order = pts.map((_, i) => i);
  const centroid = new Float64Array(n);
  const trial = (from: Float64Array, towards: Float64Array, t: number): Float64Array => {
    const p = new Float64Array(n);
    for (let j = 0; j < n; j++) p[j] = from[j] + t * (towards[j] - from[j]);
    return p;
  };
  let it = 0;
  for (; it < maxIter; it++) {
    order.sort((i, j) => fs[i] - fs[j] || i - j);
    const best = order[0];
    const worst = order[n];
    const second = order[n - 1];
    if (outside(pts[best], bound) >= 0) break;
    if (Number.isFinite(fs[worst]) && fs[worst] - fs[best] <= tol * (1 + Math.abs(fs[best]))) break;
    centroid.fill(0);
    for (let k = 0; k < n; k++) {
      const p = pts[order[k]];
      for (let j = 0; j < n; j++) centroid[j] += p[j] / n;
    }
    const xr = trial(centroid, pts[worst], -1);
    const fr = obj.f(xr);
    if (fr < fs[best]) {
      const xe = trial(centroid, pts[worst], -2);
      const fe = obj.f(xe);
      if (fe < fr) {
        pts[worst] = xe;
        fs[worst] = fe;
      } else {
        pts[worst] = xr;
        fs[worst] = fr;
      }
      continue;
    }
    if (fr < fs[second]) {
      pts[worst] = xr;
      fs[worst] = fr;
      continue;
    }
    const outsideC = fr < fs[worst];
    const xc = outsideC ? trial(centroid, xr, 0.5) : trial(centroid, pts[worst], 0.5);
    const fc = obj.f(xc);
    if (fc < (outsideC ? fr : fs[worst])) {
      pts[worst] = xc;
      fs[worst] = fc;
      continue;
    }
    for (let k = 1; k <= n; k++) {
      const idx = order[k];
      pts[idx] = trial(pts[best], pts[idx], 0.5);
      fs[idx] = obj.f(pts[idx]);
    }
  }
  let b = 0;
  for (let i = 1; i <= n; i++) if (fs[i] < fs[b]) b = i;
  return { x: pts[b], f: fs[b], iterations: it };
}

/**
 * Minimises `obj` from x0: Nelder–Mead, then BFGS with a backtracking (Armijo) line search and the
 * Nocedal–Wright initial scaling of the inverse Hessian. Deterministic: no random restarts.
 */
export function minimize(obj: Objective, x0: ArrayLike<number>, opts: MinimizeOptions = {}): MinimizeResult {
  const n = x0.length;
  const gtol = opts.gradientTolerance ?? 1e-9;
  const maxIter = opts.maxIterations ?? 500;
  const bound = opts.bound ?? 20;
  const counted = new Counted(obj);

  const nm = nelderMead(
    counted,
    Float64Array.from(x0),
    opts.simplexStep ?? 0.5,
    opts.simplexTolerance ?? 1e-3,
    opts.simplexIterations ?? 100 * n,
    bound,
  );
  let x = nm.x;
  let iterations = nm.iterations;
  const g = new Float64Array(n);
  let f = counted.fg(x, g);
  // Ending outside the bound overrides any verdict and message: nothing is trusted out there.
  const finish = (converged: boolean, message: string): MinimizeResult => {
    const boundaryIndex = outside(x, bound);
    return {
      x,
      f,
      gradient: g,
      gradientNorm: maxAbs(g),
      iterations,
      evaluations: counted.evaluations,
      converged: converged && boundaryIndex < 0,
      message: boundaryIndex < 0 ? message : "a parameter ran to the boundary of its range (towards 0 or infinity)",
      boundaryIndex,
    };
  };
  if (!Number.isFinite(f)) return finish(false, "the objective is not finite at the Nelder–Mead optimum");
  const polished = (why: string): MinimizeResult => {
    const p = polish(counted, x, f, g, gtol, why);
    f = p.f;
    return finish(p.converged, p.message);
  };

  // Inverse-Hessian approximation, row-major.
  const Hinv = new Float64Array(n * n);
  const resetH = (scale: number) => {
    Hinv.fill(0);
    for (let i = 0; i < n; i++) Hinv[i * n + i] = scale;
  };
  resetH(1);
  let fresh = true;
  const p = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const Hy = new Float64Array(n);
  let stalled = 0;

  for (let k = 0; k < maxIter; k++) {
    if (outside(x, bound) >= 0) return finish(false, "boundary");
    if (maxAbs(g) <= gtol * (1 + Math.abs(f))) return finish(true, "gradient below tolerance");
    iterations++;

    let slope = 0;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v -= Hinv[i * n + j] * g[j];
      p[i] = v;
      slope += v * g[i];
    }
    if (!(slope < 0)) {
      // Not a descent direction (the approximation lost positive definiteness): restart from −g.
      resetH(1);
      for (let i = 0; i < n; i++) p[i] = -g[i];
      slope = -g.reduce((acc, v) => acc + v * v, 0);
      fresh = true;
    }
    // Keep a step within a factor e^5 per parameter: the likelihoods are far from quadratic there.
    const longest = maxAbs(p);
    let t = longest > 5 ? 5 / longest : 1;
    let fNew = Infinity;
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + t * p[i];
      fNew = counted.f(xNew);
      if (fNew <= f + 1e-4 * t * slope) break;
      t *= fNew === Infinity ? 0.1 : 0.5;
    }
    if (!(fNew <= f + 1e-4 * t * slope)) {
      if (!fresh) {
        resetH(1);
        fresh = true;
        continue;
      }
      return polished("the line search could not decrease the objective");
    }
    fNew = counted.fg(xNew, gNew);
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
      sy += s[i] * y[i];
      yy += y[i] * y[i];
    }
    stalled = f - fNew <= 1e-14 * (1 + Math.abs(f)) ? stalled + 1 : 0;
    x = Float64Array.from(xNew);
    f = fNew;
    g.set(gNew);
    if (!Number.isFinite(f)) return finish(false, "the gradient is not finite");
    if (stalled >= 3) return polished("BFGS stopped making progress");
    if (sy <= 1e-12 * Math.sqrt(yy) * maxAbs(s)) continue; // curvature condition fails: keep H
    if (fresh) {
      resetH(sy / yy);
      fresh = false;
    }
    // BFGS update of the inverse: H ← (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ.
    const rho = 1 / sy;
    let yHy = 0;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v += Hinv[i * n + j] * y[j];
      Hy[i] = v;
      yHy += y[i] * v;
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        Hinv[i * n + j] += -rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
      }
    }
  }
  if (outside(x, bound) >= 0) return finish(false, "boundary");
  if (maxAbs(g) <= gtol * (1 + Math.abs(f))) return finish(true, "gradient below tolerance");
  return polished(`no convergence within ${maxIter} BFGS iterations`);
}

/**
 * Newton steps on the numerical Hessian from where BFGS stopped, until the gradient or the Newton
 * decrement gᵀH⁻¹g meets its tolerance. Updates x and g in place and returns the final f.
 */
function polish(
  counted: Counted,
  x: Float64Array,
  f: number,
  g: Float64Array,
  gtol: number,
  why: string,
): { f: number; converged: boolean; message: string } {
  const n = x.length;
  const obj = counted.asObjective();
  const step = new Float64Array(n);
  const trial = new Float64Array(n);
  let fx = f;
  for (let k = 0; k < 10; k++) {
    if (maxAbs(g) <= gtol * (1 + Math.abs(fx)))
      return { f: fx, converged: true, message: "gradient below tolerance after Newton polishing" };
    const Hinv = invertSpd(hessian(obj, x), n);
    if (!Hinv) return { f: fx, converged: false, message: `${why}, and the Hessian is not positive definite there` };
    let decrement = 0;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v -= Hinv[i * n + j] * g[j];
      step[i] = v;
      decrement -= v * g[i];
    }
    // Far out on a flat ridge the quadratic model means little: also ask for a gradient near tolerance.
    if (decrement <= NEWTON_TOL && maxAbs(g) <= 100 * gtol * (1 + Math.abs(fx))) {
      return { f: fx, converged: true, message: "within 0.001 standard errors of the optimum (Newton decrement)" };
    }
    let accepted = false;
    for (let ls = 0, t = 1; ls < 30 && !accepted; ls++, t /= 2) {
      for (let i = 0; i < n; i++) trial[i] = x[i] + t * step[i];
      accepted = counted.f(trial) <= fx - 1e-4 * t * decrement;
    }
    if (!accepted) {
      return {
        f: fx,
        converged: false,
        message: `${why}; Newton steps stalled ${Math.sqrt(decrement).toPrecision(2)} standard errors from the optimum`,
      };
    }
    x.set(trial);
    fx = counted.fg(x, g);
  }
  return { f: fx, converged: false, message: `${why}; Newton polishing did not converge` };
}

/** Numerical Hessian of f at x: central differences of the gradient when analytic, else second differences of f. */
export function hessian(obj: Objective, x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const H = new Float64Array(n * n);
  const y = Float64Array.from(x);
  if (obj.fg) {
    const gp = new Float64Array(n);
    const gm = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const h = GRAD_STEP * Math.max(1, Math.abs(x[i]));
      y[i] = x[i] + h;
      obj.fg(y, gp);
      y[i] = x[i] - h;
      obj.fg(y, gm);
      y[i] = x[i];
      for (let j = 0; j < n; j++) H[i * n + j] = (gp[j] - gm[j]) / (2 * h);
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) H[i * n + j] = H[j * n + i] = (H[i * n + j] + H[j * n + i]) / 2;
    }
    return H;
  }
  const f0 = obj.f(y);
  const hs = Array.from(x, (v) => HESS_STEP * Math.max(1, Math.abs(v)));
  const at = (di: number, i: number, dj: number, j: number): number => {
    y[i] += di * hs[i];
    y[j] += dj * hs[j];
    const v = obj.f(y);
    y[i] = x[i];
    y[j] = x[j];
    return v;
  };
  for (let i = 0; i < n; i++) {
    y[i] = x[i] + 2 * hs[i];
    const fpp = obj.f(y);
    y[i] = x[i] - 2 * hs[i];
    const fmm = obj.f(y);
    y[i] = x[i];
    H[i * n + i] = (fpp - 2 * f0 + fmm) / (4 * hs[i] * hs[i]);
    for (let j = 0; j < i; j++) {
      const v = (at(1, i, 1, j) - at(1, i, -1, j) - at(-1, i, 1, j) + at(-1, i, -1, j)) / (4 * hs[i] * hs[j]);
      H[i * n + j] = H[j * n + i] = v;
    }
  }
  return H;
}

/** Inverse of a symmetric positive-definite matrix by Cholesky, or null when it is not positive definite. */
export function invertSpd(A: Float64Array, n: number): Float64Array | null {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i * n + j];
      for (let k = 0; k < j; k++) sum -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(sum > 0)) return null;
        L[i * n + i] = Math.sqrt(sum);
      } else {
        L[i * n + j] = sum / L[j * n + j];
      }
    }
  }
  // Solve L Lᵀ X = I column by column.
  const inv = new Float64Array(n * n);
  const col = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < n; i++) {
      let sum = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) sum -= L[i * n + k] * col[k];
      col[i] = sum / L[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = col[i];
      for (let k = i + 1; k < n; k++) sum -= L[k * n + i] * col[k];
      col[i] = sum / L[i * n + i];
    }
    for (let i = 0; i < n; i++) inv[i * n + c] = col[i];
  }
  return inv;
}
