/**
 * Layout style (TeX's display/text/script styles) and the font-derived
 * constants the layout uses, all in em of the current size.
 */
import { fontMetrics } from './fonts.js';

export interface MathStyle {
  /** Current font size, points. */
  size: number;
  /** Size of the surrounding text (scriptlevel 0), points. */
  baseSize: number;
  scriptLevel: number;
  /** Display style: big fractions, limits under operators. */
  display: boolean;
}

/** TeX's script sizes: 70 % for first-level scripts, 50 % below that. */
const SCRIPT_FACTORS = [1, 0.7, 0.5];

/** The style of a script (or an inline fraction's parts) of `style`. @example scriptStyle({ size: 10, baseSize: 10, scriptLevel: 0, display: true }).size // 7 */
export function scriptStyle(style: MathStyle): MathStyle {
  const scriptLevel = style.scriptLevel + 1;
  const factor = SCRIPT_FACTORS[Math.min(scriptLevel, SCRIPT_FACTORS.length - 1)] ?? 0.5;
  return { size: style.baseSize * factor, baseSize: style.baseSize, scriptLevel, display: false };
}

export const textStyle = (style: MathStyle): MathStyle => ({ ...style, display: false });

export interface MathConstants {
  /** Height of the math axis (centre of −, fraction bars, matrices) above the baseline. */
  axis: number;
  xHeight: number;
  /** Default rule thickness (fraction bars), TeX's θ ≈ 0.4pt at 10pt. */
  rule: number;
}

let constants: MathConstants | undefined;

/** Font-derived constants in em (measured once from DejaVu Serif). */
export function mathConstants(): MathConstants {
  if (!constants) {
    const regular = fontMetrics('regular');
    // The minus sign is a thin bar centred on the axis: axis = (top + bottom) / 2.
    const minus = regular.ink('\u2212');
    constants = { axis: (minus.height - minus.depth) / 2, xHeight: regular.ink('x').height, rule: 0.045 };
  }
  return constants;
}
