import {
  fitParetoNbd,
  paretoNbdLogLikelihood,
  paretoNbdLogLikelihoodGradient,
  type ParetoNbdParams,
} from "../../../../src/core/btyd/models/paretonbd";
import { log2F1One, log2F1OneGrad } from "../../../../src/core/btyd/special";

const NAMES = ["r", "alpha", "s", "beta"] as const;

/**
 * Central difference of f at v with a relative step: truncation error O(h²) (grows with the third
 * derivative, large as z → 1), rounding error O(ε/h).
 */
function central(f: (v: number) => number, v: number, step = 1e-5): number {
  const h = step * Math.max(1, Math.abs(v));
  return (f(v + h) - f(v - h)) / (2 * h);
}

describe("log2F1OneGrad: derivatives of ln ₂F₁(1, b; c; z) along the continued fraction", () => {
  test.each([-0.9, -0.2, 0.3, 0.9, 0.999])("closed forms at z = %p", (z) => {
    const g = new Float64Array(3);
    // ₂F₁(1, b; b; z) = 1/(1 − z): ∂/∂z ln = 1/(1 − z), and moving b and c together changes nothing.
    expect(log2F1OneGrad(3.3, 3.3, z, g)).toBeCloseTo(-Math.log1p(-z), 12);
    expect(g[2]).toBeCloseTo(1 / (1 - z), 8);
    expect(g[0] + g[1]).toBeCloseTo(0, 9);
    // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z: ∂/∂z ln = 1/((1 − z)(−ln(1 − z))) − 1/z.
    log2F1OneGrad(1, 2, z, g);
    expect(g[2]).toBeCloseTo(1 / ((1 - z) * -Math.log1p(-z)) - 1 / z, 8);
  });

  test.each([
    [1.5, 3.2, 0.3],
    [40.5, 42.1, 0.9],
    [1.6, 50, -0.5],
    [0.7, 2.5, 0.99],
    [200, 201.5, 0.7],
    [2.2, 3.7, 0],
  ])("b = %p, c = %p, z = %p matches central differences of log2F1One", (b, c, z) => {
    const g = new Float64Array(3);
    expect(log2F1OneGrad(b, c, z, g)).toBeCloseTo(log2F1One(b, c, z), 13);
    expect(g[0]).toBeCloseTo(
      central((v) => log2F1One(v, c, z), b),
      7,
    );
    expect(g[1]).toBeCloseTo(
      central((v) => log2F1One(b, v, z), c),
      7,
    );
    expect(g[2]).toBeCloseTo(
      central((v) => log2F1One(b, c, v), z, 1e-6),
      7,
    );
  });
});

describe("Pareto/NBD analytic gradient", () => {
  // Shaped like an export: one-time buyers, t_x = T ties, repeated triples, and heavy buyers whose
  // terms span more than e^650 at small α, β (the log-space branch of the likelihood).
  const data = {
    x: [0, 0, 0, 1, 1, 2, 5, 5, 12, 30, 300, 300, 150, 3],
    tx: [0, 0, 0, 3.5, 20, 30, 38, 10.25, 31, 37, 30, 1, 10, 0.5],
    T: [38, 38, 12, 38, 20, 38, 38, 38, 35, 38, 38, 38, 38, 1],
  };
  const points: ParetoNbdParams[] = [
    { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 }, // α < β
    { r: 0.5, alpha: 10, s: 1, beta: 5 }, // α > β
    { r: 1, alpha: 3, s: 1.5, beta: 3 }, // α = β, where the ₂F₁ branch switches
    { r: 2, alpha: 0.01, s: 0.5, beta: 0.02 }, // log-space branch for the heavy buyers
    { r: 0.3, alpha: 40, s: 3, beta: 0.2 },
  ];
  test.each(points)("matches central differences of the log-likelihood at %p", (p) => {
    const g = paretoNbdLogLikelihoodGradient(p, data);
    NAMES.forEach((n, i) => {
      const num = central((v) => paretoNbdLogLikelihood({ ...p, [n]: v }, data), p[n]);
      expect(Math.abs(g[i] - num)).toBeLessThan(1e-6 * Math.max(1, Math.abs(num)));
    });
  });

  test("vanishes at the fitted estimate", () => {
    const f = fitParetoNbd(data);
    const g = paretoNbdLogLikelihoodGradient(f.params, data);
    // ∂ log L/∂ ln θ = θ ∂ log L/∂θ is what the optimiser drives below its tolerance.
    NAMES.forEach((n, i) => expect(Math.abs(g[i] * f.params[n])).toBeLessThan(1e-6));
  });
});
