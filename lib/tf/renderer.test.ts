import { describe, expect, it } from 'vitest';
import { fastestBackend, isSoftwareRenderer } from './renderer';

describe('isSoftwareRenderer', () => {
  it.each([
    'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
    'Google SwiftShader',
    'llvmpipe (LLVM 15.0.7, 256 bits)',
    'Mesa softpipe',
    'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)',
  ])('flags %s', (renderer) => {
    expect(isSoftwareRenderer(renderer)).toBe(true);
  });

  it.each([
    'ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0, D3D11)',
    'Apple M1',
    'ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)',
    'Adreno (TM) 650',
  ])('does not flag the GPU %s', (renderer) => {
    expect(isSoftwareRenderer(renderer)).toBe(false);
  });

  it('does not flag an unknown (null) renderer', () => {
    expect(isSoftwareRenderer(null)).toBe(false);
  });
});

describe('fastestBackend', () => {
  it('picks the smallest probe time', () => {
    expect(fastestBackend({ webgl: 30, wasm: 12, cpu: 400 })).toBe('wasm');
    expect(fastestBackend({ webgl: 5, wasm: 12, cpu: 400 })).toBe('webgl');
    expect(fastestBackend({ webgl: 50, wasm: 60, cpu: 4 })).toBe('cpu');
  });

  it('skips missing, NaN and infinite probes', () => {
    expect(fastestBackend({ webgl: Number.NaN, wasm: 20, cpu: 300 })).toBe('wasm');
    expect(fastestBackend({ webgl: undefined, wasm: Number.POSITIVE_INFINITY, cpu: 300 })).toBe('cpu');
    expect(fastestBackend({ cpu: 300 })).toBe('cpu');
  });

  it('returns null when nothing was measured', () => {
    expect(fastestBackend({})).toBeNull();
    expect(fastestBackend({ webgl: Number.NaN })).toBeNull();
  });

  it('breaks ties by preference order and ignores backends not in it', () => {
    expect(fastestBackend({ webgl: 10, wasm: 10 })).toBe('webgl');
    expect(fastestBackend({ webgl: 10, wasm: 10 }, ['wasm', 'webgl'])).toBe('wasm');
    expect(fastestBackend({ webgl: 1, wasm: 10 }, ['wasm', 'cpu'])).toBe('wasm');
  });
});
