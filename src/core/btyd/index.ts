/**
 * Probabilistic customer-base models ("buy till you die"): data preparation, BG/NBD, MBG/NBD, Pareto/NBD, NBD,
 * Gamma-Gamma spend, BG/BB, sBG and model-based CLV.
 */
export * from "./prep";
export * from "./fit";
export * from "./bgnbd";
export * from "./paretonbd";
export * from "./mbgnbd";
export * from "./nbd";
export * from "./models";
export * from "./compare";
export * from "./workflow";
export * from "./intervals";
export * from "./advice";
export * from "./gammagamma";
export * from "./bgbb";
export * from "./sbg";
export * from "./clv";
export * from "./tracking";
export * from "./diagnostics";
export * from "./interval-total";
