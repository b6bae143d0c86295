// Kubernetes resource quantities ("128Mi", "1G", "0.5Gi", "100m", "2e3", plain numbers), the
// format of `resources.limits` and of the Downward API. Exact arithmetic with BigInt: floating
// point turns "0.1" cores into 100.00000000000001 millicores, which a ceiling makes 101.
import { failure, ok, type Result } from '../core/result.js';


export interface Quantity {
  /** The digits of the number without its decimal point. */
  mantissa: bigint;
  /** Power of ten from the decimal point, decimal suffixes and `e` exponents. */
  exp10: number;
  /** Power of two from binary suffixes (Ki = 10 … Ei = 60). */
  exp2: number;
}

const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const QUANTITY_RE = /^(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d{1,3})?$/;
// Bounds keep BigInt powers small whatever the input (Kubernetes itself caps exponents too).
const MAX_DIGITS = 40;
const MAX_ABS_EXP10 = 40;

/** Parses a non-negative quantity. Never throws. */
export function parseQuantity(text: string): Result<Quantity> {
  const trimmed = text.trim();
  const match = QUANTITY_RE.exec(trimmed);
  if (!match) return failure('malformed', `"${truncate(trimmed)}" is not a quantity (examples: 128Mi, 1G, 0.5Gi, 100m, 2)`);
  const [, number = '', suffix = ''] = match;
  const [whole = '', fraction = ''] = number.split('.');
  const digits = (whole + fraction).replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_DIGITS) return failure('malformed', `"${truncate(trimmed)}" has too many digits`);
  let exp10 = -fraction.length;
  let exp2 = 0;
  if (suffix in BINARY_SUFFIXES) exp2 = BINARY_SUFFIXES[suffix]!;
  else if (suffix in DECIMAL_SUFFIXES) exp10 += DECIMAL_SUFFIXES[suffix]!;
  else exp10 += Number(suffix.slice(1));
  if (Math.abs(exp10) > MAX_ABS_EXP10) return failure('too-large', `"${truncate(trimmed)}" is out of range`);
  return ok({ mantissa: BigInt(digits), exp10, exp2 });
}

/**
 * The quantity counted in units of 10^unitExp10, rounded up like Kubernetes' Value() and
 * MilliValue(): bytes with unitExp10 0, millicores with -3.
 */
function quantityInUnits(q: Quantity, unitExp10 = 0): bigint {
  const exp = q.exp10 - unitExp10;
  const numerator = (q.mantissa << BigInt(q.exp2)) * 10n ** BigInt(Math.max(0, exp));
  const denominator = 10n ** BigInt(Math.max(0, -exp));
  return (numerator + denominator - 1n) / denominator;
}

/** `value × divisor`, the reverse of the Downward API's `resourceFieldRef.divisor`. */
export function multiplyQuantities(value: Quantity, divisor: Quantity): Quantity {
  return { mantissa: value.mantissa * divisor.mantissa, exp10: value.exp10 + divisor.exp10, exp2: value.exp2 + divisor.exp2 };
}

// Nothing a cgroup can hold is larger than LONG_MAX bytes; beyond that a number is a typo.
const MAX_AMOUNT = 2n ** 63n - 1n;

/** The quantity in whole units of 10^unitExp10, rounded up, as a plain number. */
export function toAmount(q: Quantity, unitExp10: number): Result<number> {
  const units = quantityInUnits(q, unitExp10);
  if (units > MAX_AMOUNT) return failure('too-large', 'is larger than 2^63-1 units');
  return ok(Number(units));
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
