/**
 * Probabilistic customer-base models ("buy till you die"): data preparation, BG/NBD, MBG/NBD, Pareto/NBD, NBD,
 * Gamma-Gamma spend, BG/BB, sBG and model-based CLV.
 */
export * from "./prep";
export * from "./fit";
export * from "./models/bgnbd";
export * from "./models/paretonbd";
export * from "./models/mbgnbd";
export * from "./models/nbd";
export * from "./models/registry";
export * from "./compare";
export * from "./workflow";
export * from "./intervals";
export * from "./advice";
export * from "./models/gammagamma";
export * from "./models/bgbb";
export * from "./models/sbg";
export * from "./clv";
export * from "./tracking";
export * from "./diagnostics";
export * from "./interval-total";
