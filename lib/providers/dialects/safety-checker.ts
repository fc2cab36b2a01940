import type { Warn } from "../capabilities";

/**
 * Hosts with an on/off safety checker where BFL has a tolerance from 0 (strictest) to 6 (most
 * permissive). The rule Together set for 1.1 [pro]: 5 and 6, BFL's permissive end, turn the checker
 * off; 0 to 4 keep it on, the closest an on/off checker has to a moderate or strict filter.
 */
export const CHECKER_OFF_FROM_TOLERANCE = 5;
/** The canonical default: it maps to the host's own default (checker on) without a warning. */
const DEFAULT_SAFETY_TOLERANCE = 2;

export const checkerOffFor = (safetyTolerance: number): boolean => safetyTolerance >= CHECKER_OFF_FROM_TOLERANCE;

/** What the user is told of a tolerance sent as the checker's switch (`field`, on when true). */
export function checkerWarns(host: string, field: string): Warn[] {
  const lead = `${host} has only an on/off safety checker`;
  return [
    { when: { kind: "inside", min: CHECKER_OFF_FROM_TOLERANCE, max: 6 }, message: `${lead}: {value} is sent as ${field}: false (checker off)` },
    { when: { kind: "other-than", values: [DEFAULT_SAFETY_TOLERANCE] }, message: `${lead}: {value} is sent as ${field}: true (checker on)` },
  ];
}
