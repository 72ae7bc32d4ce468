import { describe, expect, it } from 'vitest';
import { imageSize, sniffImageType } from './image-format';
import { JPEG_8X6, jpegHeaderClaiming, pngOf, WEBP_EXTENDED_5X3, WEBP_LOSSLESS_5X3, WEBP_LOSSY_8X6 } from './test-images';

describe('sniffImageType', () => {
  it('knows JPEG, PNG and WebP by their first bytes', () => {
    expect(sniffImageType(JPEG_8X6)).toBe('image/jpeg');
    expect(sniffImageType(pngOf(2, 2))).toBe('image/png');
    expect(sniffImageType(WEBP_LOSSY_8X6)).toBe('image/webp');
    expect(sniffImageType(WEBP_LOSSLESS_5X3)).toBe('image/webp');
  });

  it('says null for anything else, whatever it is called', () => {
    expect(sniffImageType(new TextEncoder().encode('hello, I am a .txt renamed .jpg'))).toBeNull();
    expect(sniffImageType(new Uint8Array(0))).toBeNull();
    expect(sniffImageType(new Uint8Array([0xff, 0xd8]))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode('RIFF....WAVEfmt '))).toBeNull();
  });
});

describe('imageSize', () => {
  it('reads the size from the header of each format', () => {
    expect(imageSize(JPEG_8X6)).toEqual({ width: 8, height: 6 });
    expect(imageSize(pngOf(13, 7))).toEqual({ width: 13, height: 7 });
    expect(imageSize(WEBP_LOSSY_8X6)).toEqual({ width: 8, height: 6 });
    expect(imageSize(WEBP_LOSSLESS_5X3)).toEqual({ width: 5, height: 3 });
    expect(imageSize(WEBP_EXTENDED_5X3)).toEqual({ width: 5, height: 3 });
  });

  it('reads what a decompression bomb claims, without decoding it', () => {
    expect(imageSize(jpegHeaderClaiming(20_000, 20_000))).toEqual({ width: 20_000, height: 20_000 });
  });

  it('says null for a header cut short or without a frame', () => {
    expect(imageSize(JPEG_8X6.subarray(0, 40))).toBeNull();
    expect(imageSize(pngOf(4, 4).subarray(0, 20))).toBeNull();
    expect(imageSize(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toBeNull();
    expect(imageSize(jpegHeaderClaiming(0, 10))).toBeNull();
    expect(imageSize(new TextEncoder().encode('not an image'))).toBeNull();
  });
});
