/*
 * The convolution arithmetic of the chapter, as plain functions. Settings a person can type in come
 * back as a result or a sentence saying what to change, never as an exception, so the playground can
 * show the sentence as it is.
 */

export type SizeResult = { readonly ok: true; readonly size: number } | { readonly ok: false; readonly reason: string };
export type PaddingResult = { readonly ok: true; readonly padding: number } | { readonly ok: false; readonly reason: string };

/**
 * `exact`: the chapter's rule, (N + 2P − F)/S must be a whole number (every window fits exactly).
 * `floor`: what TF.js, Keras and PyTorch do: the last windows that would run past the edge are dropped.
 */
export type Rounding = 'exact' | 'floor';

/** Output side of a convolution or pooling window: floor((N + 2P − F)/S) + 1. */
export function convOutputSize(n: number, f: number, p: number, s: number, rounding: Rounding = 'exact'): SizeResult {
  const invalid = firstInvalidSetting([
    ['input size N', n, 1],
    ['filter size F', f, 1],
    ['padding P', p, 0],
    ['stride S', s, 1],
  ]);
  if (invalid) return { ok: false, reason: invalid };
  const span = n + 2 * p - f;
  if (span < 0) {
    return { ok: false, reason: `The ${f}x${f} filter is larger than the padded input (N + 2P = ${n + 2 * p}): use F ≤ ${n + 2 * p}, or raise P to at least ${Math.ceil((f - n) / 2)}.` };
  }
  if (rounding === 'exact' && span % s !== 0) {
    return { ok: false, reason: `(N + 2P − F)/S = ${span}/${s} = ${trimmed(span / s)} is not a whole number, so the windows do not fit exactly. ${strideAdvice(span, s, n, f, p)}` };
  }
  return { ok: true, size: Math.floor(span / s) + 1 };
}

/**
 * Pooling windows over an n×n grid (no padding, as in the chapter), with the explanation in the
 * pooling's own terms: which pool size or stride to choose instead.
 */
export function poolOutputSize(n: number, f: number, s: number): SizeResult {
  const invalid = firstInvalidSetting([
    ['pool size', f, 1],
    ['pool stride', s, 1],
  ]);
  if (invalid) return { ok: false, reason: invalid };
  if (f > n) return { ok: false, reason: `The ${f}x${f} pool window is larger than the ${n}x${n} grid it pools: use a pool size of ${n} or less.` };
  const span = n - f;
  if (span % s !== 0) {
    const strides = divisors(span).filter((d) => d !== s && d <= Math.max(4, s + 2));
    const sizes = [f - 1, f + 1].filter((g) => g >= 1 && g <= n && (n - g) % s === 0);
    const options = [`the pool stride to ${orList(strides)}`, ...(sizes.length > 0 ? [`the pool size to ${orList(sizes)}`] : [])];
    return { ok: false, reason: `(${n} − ${f})/${s} = ${trimmed(span / s)} is not a whole number, so the pooling windows do not fit the ${n}x${n} grid exactly. Change ${options.join(', or ')}.` };
  }
  return { ok: true, size: span / s + 1 };
}

/** "Same" padding for stride 1: P = (F − 1)/2, which needs an odd F. */
export function samePadding(f: number): PaddingResult {
  if (!Number.isInteger(f) || f < 1) return { ok: false, reason: `The filter size F must be a whole number of at least 1, not ${f}.` };
  if (f % 2 === 0) return { ok: false, reason: `Same padding needs an odd filter size: P = (F − 1)/2 = ${trimmed((f - 1) / 2)} is not a whole number. Use F = ${f - 1} or ${f + 1}.` };
  return { ok: true, padding: (f - 1) / 2 };
}

/** Weights (F·F·Cin/groups per filter) plus one bias per filter. Independent of the image size. */
export function convParams(f: number, cin: number, cout: number, { bias = true, groups = 1 }: { bias?: boolean; groups?: number } = {}): number {
  return f * f * (cin / groups) * cout + (bias ? cout : 0);
}

/** Multiply-adds: every output value is one F·F·Cin/groups dot product. */
export function convMacs(outH: number, outW: number, f: number, cin: number, cout: number, groups = 1): number {
  return outH * outW * cout * f * f * (cin / groups);
}

/** One F·F filter per channel (times the depth multiplier), each seeing only its own channel. */
export function depthwiseParams(f: number, channels: number, { bias = false, multiplier = 1 }: { bias?: boolean; multiplier?: number } = {}): number {
  return f * f * channels * multiplier + (bias ? channels * multiplier : 0);
}

export function depthwiseMacs(outH: number, outW: number, f: number, channels: number, multiplier = 1): number {
  return outH * outW * channels * multiplier * f * f;
}

export function denseParams(inputs: number, units: number, bias = true): number {
  return inputs * units + (bias ? units : 0);
}

/**
 * Batch norm learns a scale and a shift per channel; Keras (and so TF.js's countParams) also counts
 * the moving mean and variance, PyTorch keeps those as buffers outside its parameter count.
 */
export function batchNormParams(channels: number, countStatistics: boolean): number {
  return (countStatistics ? 4 : 2) * channels;
}

function firstInvalidSetting(settings: readonly [name: string, value: number, least: number][]): string | null {
  for (const [name, value, least] of settings) {
    if (!Number.isInteger(value) || value < least) return `The ${name} must be a whole number of at least ${least}, not ${Number.isNaN(value) ? 'empty' : value}.`;
  }
  return null;
}

/** Names the nearest settings that make the windows fit: other strides, a larger padding, a larger N. */
function strideAdvice(span: number, s: number, n: number, f: number, p: number): string {
  const strides = divisors(span).filter((d) => d !== s && d <= Math.max(4, s + 2));
  const padding = [p + 1, p + 2, p + 3].find((q) => (n + 2 * q - f) % s === 0);
  const options = [strides.length > 0 ? `S to ${orList(strides)}` : null, padding !== undefined ? `P to ${padding}` : null, `N to ${n + (s - (span % s))}`].filter((o): o is string => o !== null);
  return `Change ${options.length > 1 ? `${options.slice(0, -1).join(', ')}, or ${options[options.length - 1]}` : options[0]}.`;
}

function divisors(m: number): number[] {
  if (m === 0) return [1];
  return Array.from({ length: m }, (_, i) => i + 1).filter((d) => m % d === 0);
}

function orList(items: readonly number[]): string {
  return items.length <= 1 ? String(items[0]) : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function trimmed(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/0+$/, '');
}
