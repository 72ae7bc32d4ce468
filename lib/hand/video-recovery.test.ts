import { describe, expect, it } from 'vitest';
import { STILL_SEARCH } from './still-search';
import { createVideoRecovery, RECOVERY_INTERVAL_MS, VIDEO_RECOVERY_TRIES } from './video-recovery';

const TRIES = STILL_SEARCH.slice(1, 4);

describe('createVideoRecovery', () => {
  it('skips the plain image, which the VIDEO landmarker has just seen', () => {
    expect(VIDEO_RECOVERY_TRIES.map((t) => t.id)).not.toContain('as is');
    expect(VIDEO_RECOVERY_TRIES.length).toBe(STILL_SEARCH.length - 1);
  });

  it('runs at most one try per interval while lost, cycling through the tries', () => {
    const recovery = createVideoRecovery(TRIES, 200);
    const ran: string[] = [];
    // 30 frames per second for 1.2 s with no hand anywhere.
    for (let frame = 0; frame < 36; frame += 1) {
      const now = 1000 + frame * (1000 / 30);
      const attempt = recovery.next(now);
      if (!attempt) continue;
      ran.push(attempt.id);
      recovery.report(attempt, false, now);
    }
    expect(ran).toEqual([TRIES[0].id, TRIES[1].id, TRIES[2].id, TRIES[0].id, TRIES[1].id, TRIES[2].id]);
  });

  it('repeats a try that found the hand on every frame until it misses, then waits again', () => {
    const recovery = createVideoRecovery(TRIES, RECOVERY_INTERVAL_MS);
    const first = recovery.next(0);
    expect(first?.id).toBe(TRIES[0].id);
    recovery.report(first!, false, 0);
    const second = recovery.next(RECOVERY_INTERVAL_MS);
    recovery.report(second!, true, RECOVERY_INTERVAL_MS);
    // Held on the very next frames.
    expect(recovery.next(RECOVERY_INTERVAL_MS + 33)?.id).toBe(TRIES[1].id);
    recovery.report(second!, true, RECOVERY_INTERVAL_MS + 33);
    expect(recovery.next(RECOVERY_INTERVAL_MS + 66)?.id).toBe(TRIES[1].id);
    recovery.report(second!, false, RECOVERY_INTERVAL_MS + 66);
    expect(recovery.next(RECOVERY_INTERVAL_MS + 99)).toBeNull();
    expect(recovery.next(2 * RECOVERY_INTERVAL_MS + 66)?.id).toBe(TRIES[2].id);
  });

  it('starts over, at once, after the VIDEO landmarker has the hand again', () => {
    const recovery = createVideoRecovery(TRIES, 200);
    const attempt = recovery.next(0)!;
    recovery.report(attempt, true, 0);
    recovery.tracked();
    expect(recovery.next(10)?.id).toBe(TRIES[0].id);
  });

  it('refuses an empty list of tries', () => {
    expect(() => createVideoRecovery([], 200)).toThrow(/at least one try/);
  });
});
