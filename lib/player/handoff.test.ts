import { describe, expect, it } from 'vitest';
import { handedOverBundle, handOverBundle } from './handoff';

/** Just enough Cache Storage: caches by name, responses by URL. */
function memoryCaches(): CacheStorage {
  const caches = new Map<string, Map<string, Response>>();
  return {
    async open(name: string) {
      const entries = caches.get(name) ?? new Map<string, Response>();
      caches.set(name, entries);
      return {
        async put(key: string, response: Response) {
          entries.set(key, response);
        },
        async match(key: string) {
          return entries.get(key)?.clone();
        },
      } as unknown as Cache;
    },
  } as CacheStorage;
}

describe('the studio → player handoff', () => {
  it('gives the player the last bundle handed over, with its name, as often as it asks', async () => {
    const storage = memoryCaches();
    expect(await handedOverBundle(storage)).toBeNull();
    await handOverBundle(new Blob(['first']), 'gesture-model-2026-11-27.zip', storage);
    await handOverBundle(new Blob(['second']), 'gesture-model 28 “Nov”.zip', storage);
    for (let i = 0; i < 2; i += 1) {
      const file = await handedOverBundle(storage);
      expect(file?.name).toBe('gesture-model 28 “Nov”.zip');
      expect(await file?.text()).toBe('second');
    }
  });

  it('says what to do where the browser has no Cache Storage', async () => {
    await expect(handOverBundle(new Blob(['x']), 'a.zip', undefined as unknown as CacheStorage)).rejects.toThrow('use Export model and drop the zip on the player');
    expect(await handedOverBundle(undefined)).toBeNull();
  });
});
