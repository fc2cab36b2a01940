import { evaluateCapabilities, type Warn } from "../capabilities";

/**
 * Hosts with one on/off safety checker (Together's and Replicate's `disable_safety_checker`, fal's
 * `enable_safety_checker` behind Lumenfall, Runware's `safety.checkContent`) where BFL has a
 * tolerance from 0 (strictest) to 6 (most permissive). The rule: 5 and 6, BFL's
 * permissive end, turn the checker off; 0 to 4 keep it on, the closest such a host has to a
 * moderate or strict filter.
 */
export const DISABLE_SAFETY_CHECKER_FROM = 5;
/** The canonical default: it maps to the hosts' own default (checker on) without a warning. */
const DEFAULT_SAFETY_TOLERANCE = 2;

export function disablesSafetyChecker(safetyTolerance: number): boolean {
  return safetyTolerance >= DISABLE_SAFETY_CHECKER_FROM;
}

/** How the host's field reads with the checker off and on. */
export interface CheckerWire {
  off: string;
  on: string;
}
export const DISABLE_SAFETY_CHECKER: CheckerWire = { off: "disable_safety_checker: true", on: "disable_safety_checker: false" };

/** What the user is told when a tolerance becomes the checker on or off; `offCaveat` qualifies "off". */
export function safetyCheckerWarns(host: string, wire: CheckerWire = DISABLE_SAFETY_CHECKER, offCaveat = ""): readonly Warn[] {
  const checker = `${host} has only an on/off safety checker`;
  return [
    { when: { kind: "inside", min: DISABLE_SAFETY_CHECKER_FROM, max: 6 }, message: `${checker}: {value} is sent as ${wire.off}${offCaveat}` },
    { when: { kind: "other-than", values: [DEFAULT_SAFETY_TOLERANCE] }, message: `${checker}: {value} is sent as the checker on (${wire.on})` },
  ];
}

/** What the user is told of a tolerance sent as a checker, or null when it arrives as meant. */
export const checkerWarning = (warns: readonly Warn[], safetyTolerance: number): string | null =>
  evaluateCapabilities({ safety_tolerance: { treatment: "converted", warns } }, { safety_tolerance: safetyTolerance }).byParam.safety_tolerance ?? null;
