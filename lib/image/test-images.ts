import { PNG } from 'pngjs';

/*
 * Test-only image files (Node). The JPEG and WebPs are real files made with ImageMagick
 * (`convert -size 8x6 gradient:red-blue -quality 80 -strip t.jpg`, and the same to .webp lossy,
 * `xc:green` 5x3 lossless, and a half-transparent 5x3 that becomes an extended VP8X file).
 */

const fromBase64 = (b64: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(b64, 'base64'));

/** 8x6 baseline JPEG. */
export const JPEG_8X6 = fromBase64(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAGAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAf/xAAXEAEAAwAAAAAAAAAAAAAAAAAAAxVh/8QAFQEBAQAAAAAAAAAAAAAAAAAABQf/xAAZEQACAwEAAAAAAAAAAAAAAAAABQEWUwL/2gAMAwEAAhEDEQA/AIndy6AsNZVYcidhZ7Sf/9k=',
);
/** 8x6 lossy WebP ("VP8 "). */
export const WEBP_LOSSY_8X6 = fromBase64('UklGRlQAAABXRUJQVlA4IEgAAAAwAwCdASoIAAYAAgA0JagCdLcAlgH8AwgD9APf/A9EArXgAP73nEpAeVM/+euOGOKv7kYY4q/99pf69v/gm/QruYB7V5jaAAA=');
/** 5x3 lossless WebP ("VP8L"). */
export const WEBP_LOSSLESS_5X3 = fromBase64('UklGRhwAAABXRUJQVlA4TA8AAAAvBIAAAAdQwIj+ByKi/wEA');
/** 5x3 extended WebP with alpha ("VP8X"). */
export const WEBP_EXTENDED_5X3 = fromBase64(
  'UklGRmAAAABXRUJQVlA4WAoAAAAQAAAABAAAAgAAQUxQSAoAAAABB9C/iAhERP8DVlA4IDAAAAAQAgCdASoFAAMAAgA0JaACdLoB+AH4AAPIAP7mad/7WgODVf5n//vvhRHbr/MUAAA=',
);

/** A real PNG of `width` x `height` pixels in one colour. */
export function pngOf(width: number, height: number): Uint8Array<ArrayBuffer> {
  const png = new PNG({ width, height });
  png.data.fill(200);
  return new Uint8Array(PNG.sync.write(png));
}

/**
 * The start of a JPEG whose frame header claims `width` x `height`: enough to pass a magic-byte
 * check and a header read, as a decompression bomb's does, with no pixels behind it.
 */
export function jpegHeaderClaiming(width: number, height: number): Uint8Array<ArrayBuffer> {
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  const sof0 = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return new Uint8Array([0xff, 0xd8, ...app0, ...sof0, 0xff, 0xd9]);
}
