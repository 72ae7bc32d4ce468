import { describe, expect, it } from 'vitest';
import { STILL_SEARCH } from './still-search';
import { createVideoRecovery, FOLLOW_MODEL, FOLLOW_MS, followTry, RECOVERY_INTERVAL_MS, REGAIN_TRY, VIDEO_RECOVERY_TRIES } from './video-recovery';

const TRIES = STILL_SEARCH.slice(1, 4);
const HERE = { x: 0.8, y: 0.3 };

describe('createVideoRecovery', () => {
  it('cycles through every still try but the plain image, which the VIDEO landmarker looks at itself', () => {
    expect(REGAIN_TRY.id).toBe('as is');
    expect(VIDEO_RECOVERY_TRIES.map((t) => t.id)).not.toContain('as is');
    expect(VIDEO_RECOVERY_TRIES.length).toBe(STILL_SEARCH.length - 1);
    expect(new Set(VIDEO_RECOVERY_TRIES).size).toBe(VIDEO_RECOVERY_TRIES.length);
  });

  it('looks with the other palm detector, on the whole frame, first', () => {
    expect(VIDEO_RECOVERY_TRIES[0]).toMatchObject({ id: 'lite as is', model: 'lite' });
  });

  it('follows the hand with the lite landmarker unless told otherwise', () => {
    expect(FOLLOW_MODEL).toBe('lite');
    const recovery = createVideoRecovery(TRIES, 200, REGAIN_TRY, 'full');
    recovery.tracked(HERE, 0);
    recovery.report(recovery.next(33)!, null, 33);
    expect(recovery.next(66)).toMatchObject({ id: 'follow', model: 'full' });
    const byDefault = createVideoRecovery(TRIES, 200);
    byDefault.tracked(HERE, 0);
    byDefault.report(byDefault.next(33)!, null, 33);
    expect(byDefault.next(66)).toMatchObject({ id: 'follow', model: 'lite' });
  });

  it('runs at most one try per interval while no hand was seen, cycling through the tries', () => {
    const recovery = createVideoRecovery(TRIES, 200);
    const ran: string[] = [];
    // 30 frames per second for 1.2 s with no hand anywhere.
    for (let frame = 0; frame < 36; frame += 1) {
      const now = 1000 + frame * (1000 / 30);
      const attempt = recovery.next(now);
      if (!attempt) continue;
      ran.push(attempt.id);
      recovery.report(attempt, null, now);
    }
    expect(ran).toEqual([TRIES[0].id, TRIES[1].id, TRIES[2].id, TRIES[0].id, TRIES[1].id, TRIES[2].id]);
  });

  it('repeats a try that found the hand on every frame until it misses, then follows the hand', () => {
    const recovery = createVideoRecovery(TRIES, RECOVERY_INTERVAL_MS);
    const first = recovery.next(0)!;
    expect(first.id).toBe(TRIES[0].id);
    recovery.report(first, null, 0);
    const second = recovery.next(RECOVERY_INTERVAL_MS)!;
    recovery.report(second, HERE, RECOVERY_INTERVAL_MS);
    // Held on the very next frames.
    expect(recovery.next(RECOVERY_INTERVAL_MS + 33)).toBe(second);
    recovery.report(second, HERE, RECOVERY_INTERVAL_MS + 33);
    expect(recovery.next(RECOVERY_INTERVAL_MS + 66)).toBe(second);
    recovery.report(second, null, RECOVERY_INTERVAL_MS + 66);
    // Missed: the window where it was last seen, on every frame for FOLLOW_MS, then the cycle goes on.
    expect(recovery.next(RECOVERY_INTERVAL_MS + 99)?.id).toBe('follow');
    expect(recovery.next(RECOVERY_INTERVAL_MS + 33 + FOLLOW_MS)?.id).toBe('follow');
    expect(recovery.next(RECOVERY_INTERVAL_MS + 34 + FOLLOW_MS)).toBe(TRIES[2]);
  });

  it('looks at the plain frame at once on the frame a track breaks, then follows the hand on every frame', () => {
    const recovery = createVideoRecovery(TRIES, 200);
    recovery.tracked(HERE, 0);
    // MediaPipe's VIDEO mode ran no palm detector on the frame it lost the hand on.
    expect(recovery.next(33)).toBe(REGAIN_TRY);
    recovery.report(REGAIN_TRY, null, 33);
    const followed: (string | null)[] = [];
    for (let now = 66; now <= FOLLOW_MS; now += 33) {
      const attempt = recovery.next(now);
      followed.push(attempt?.id ?? null);
      if (attempt) recovery.report(attempt, null, now);
    }
    expect(new Set(followed)).toEqual(new Set(['follow']));
    // FOLLOW_MS after the hand was last seen, the cycle starts from its first try.
    expect(recovery.next(FOLLOW_MS + 1)).toBe(TRIES[0]);
  });

  it('follows the hand to where each try last found it', () => {
    const recovery = createVideoRecovery(TRIES, 200);
    recovery.tracked({ x: 0.2, y: 0.5 }, 0);
    recovery.report(recovery.next(33)!, { x: 0.3, y: 0.5 }, 33);
    const follow = recovery.next(66)!;
    recovery.report(follow, { x: 0.4, y: 0.5 }, 66);
    // The window of half of each side around (0.4, 0.5) of a 320 x 240 frame: x from 80 to 240.
    const [scale, , , , left] = recovery.next(100)!.view(320, 240).transform;
    expect(scale).toBe(2);
    expect(-left / scale).toBeCloseTo(0.4 * 320 - 80);
    expect(followTry({ x: 0.4, y: 0.5 }).view(320, 240)).toEqual(recovery.next(100)!.view(320, 240));
  });

  it('regains a hand that breaks its track on every other frame (a fast swipe) on each frame it breaks', () => {
    const recovery = createVideoRecovery(TRIES, 200);
    const ran: (string | null)[] = [];
    for (let frame = 0; frame < 8; frame += 1) {
      const now = frame * 33;
      // Even frames: the VIDEO landmarker has the hand (found by its palm detector); odd frames: it lost it.
      if (frame % 2 === 0) {
        recovery.tracked(HERE, now);
        continue;
      }
      const attempt = recovery.next(now);
      ran.push(attempt?.id ?? null);
      if (attempt) recovery.report(attempt, HERE, now);
    }
    expect(ran).toEqual(['as is', 'as is', 'as is', 'as is']);
  });

  it('runs neither the regain try nor the follow window before any hand was seen', () => {
    const recovery = createVideoRecovery(TRIES, 200);
    expect(recovery.next(0)).toBe(TRIES[0]);
  });

  it('refuses an empty list of tries', () => {
    expect(() => createVideoRecovery([], 200)).toThrow(/at least one try/);
  });
});
