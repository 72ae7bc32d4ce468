import { describe, expect, it } from 'vitest';
import { STILL_SEARCH, type StillTry } from './still-search';
import { BREAK_PLAIN, createVideoRecovery, FOLLOW_MODEL, FOLLOW_MS, followTry, RECOVERY_INTERVAL_MS, REGAIN_TRY, VIDEO_RECOVERY_TRIES, type VideoRecovery } from './video-recovery';

const TRIES = STILL_SEARCH.slice(1, 4);
const HERE = { x: 0.8, y: 0.3 };

/** The one try `recovery` gives a frame at `now`, or null; throws when it gives more. */
function only(recovery: VideoRecovery, now: number): StillTry | null {
  const tries = recovery.next(now);
  if (tries.length > 1) throw new Error(`${tries.length} tries at ${now} ms`);
  return tries[0] ?? null;
}

/** Runs the tries `recovery` gives at `now`, in order, none finding the hand. */
function missAll(recovery: VideoRecovery, now: number): string[] {
  const tries = recovery.next(now);
  for (const attempt of tries) recovery.report(attempt, null, now);
  return tries.map((t) => t.id);
}

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
    const recovery = createVideoRecovery(TRIES, 200, BREAK_PLAIN, 'full');
    recovery.tracked(HERE, 0);
    missAll(recovery, 33);
    expect(only(recovery, 66)).toMatchObject({ id: 'follow', model: 'full' });
    const byDefault = createVideoRecovery(TRIES, 200);
    byDefault.tracked(HERE, 0);
    missAll(byDefault, 33);
    expect(only(byDefault, 66)).toMatchObject({ id: 'follow', model: 'lite' });
  });

  it('runs at most one try per interval while no hand was seen, cycling through the tries', () => {
    const recovery = createVideoRecovery(TRIES, 200);
    const ran: string[] = [];
    // 30 frames per second for 1.2 s with no hand anywhere.
    for (let frame = 0; frame < 36; frame += 1) ran.push(...missAll(recovery, 1000 + frame * (1000 / 30)));
    expect(ran).toEqual([TRIES[0].id, TRIES[1].id, TRIES[2].id, TRIES[0].id, TRIES[1].id, TRIES[2].id]);
  });

  it('repeats a try that found the hand on every frame until it misses, then follows the hand', () => {
    const recovery = createVideoRecovery(TRIES, RECOVERY_INTERVAL_MS);
    const first = only(recovery, 0)!;
    expect(first.id).toBe(TRIES[0].id);
    recovery.report(first, null, 0);
    const second = only(recovery, RECOVERY_INTERVAL_MS)!;
    recovery.report(second, HERE, RECOVERY_INTERVAL_MS);
    // Held on the very next frames.
    expect(only(recovery, RECOVERY_INTERVAL_MS + 33)).toBe(second);
    recovery.report(second, HERE, RECOVERY_INTERVAL_MS + 33);
    expect(only(recovery, RECOVERY_INTERVAL_MS + 66)).toBe(second);
    recovery.report(second, null, RECOVERY_INTERVAL_MS + 66);
    // Missed: the window where it was last seen, on every frame for FOLLOW_MS, then the cycle goes on.
    expect(only(recovery, RECOVERY_INTERVAL_MS + 99)?.id).toBe('follow');
    expect(only(recovery, RECOVERY_INTERVAL_MS + 33 + FOLLOW_MS)?.id).toBe('follow');
    expect(only(recovery, RECOVERY_INTERVAL_MS + 34 + FOLLOW_MS)).toBe(TRIES[2]);
  });

  it('looks around where the hand just was, then at the plain frame, on the frame a track breaks; then follows the hand on every frame', () => {
    const recovery = createVideoRecovery(TRIES, 200);
    recovery.tracked(HERE, 0);
    // MediaPipe's VIDEO mode ran no palm detector on the frame it lost the hand on.
    const onBreak = recovery.next(33);
    expect(onBreak.map((t) => t.id)).toEqual(['follow', REGAIN_TRY.id]);
    expect(onBreak[0].view(320, 240)).toEqual(followTry(HERE).view(320, 240));
    for (const attempt of onBreak) recovery.report(attempt, null, 33);
    const followed: (string | null)[] = [];
    for (let now = 66; now <= FOLLOW_MS; now += 33) followed.push(...missAll(recovery, now));
    expect(new Set(followed)).toEqual(new Set(['follow']));
    // FOLLOW_MS after the hand was last seen, the cycle starts from its first try.
    expect(only(recovery, FOLLOW_MS + 1)).toBe(TRIES[0]);
  });

  it('looks at the plain frame alone where a track breaks with BREAK_PLAIN (as before stop 32)', () => {
    const recovery = createVideoRecovery(TRIES, 200, BREAK_PLAIN);
    recovery.tracked(HERE, 0);
    expect(recovery.next(33)).toEqual([REGAIN_TRY]);
  });

  it('follows the hand to where each try last found it', () => {
    const recovery = createVideoRecovery(TRIES, 200);
    recovery.tracked({ x: 0.2, y: 0.5 }, 0);
    // The break frame's follow window finds it.
    recovery.report(recovery.next(33)[0], { x: 0.3, y: 0.5 }, 33);
    const follow = only(recovery, 66)!;
    recovery.report(follow, { x: 0.4, y: 0.5 }, 66);
    // The window of half of each side around (0.4, 0.5) of a 320 x 240 frame: x from 80 to 240.
    const [scale, , , , left] = only(recovery, 100)!.view(320, 240).transform;
    expect(scale).toBe(2);
    expect(-left / scale).toBeCloseTo(0.4 * 320 - 80);
    expect(followTry({ x: 0.4, y: 0.5 }).view(320, 240)).toEqual(only(recovery, 100)!.view(320, 240));
  });

  it('regains a hand that breaks its track on every other frame (a fast swipe) on each frame it breaks', () => {
    const recovery = createVideoRecovery(TRIES, 200);
    const ran: string[][] = [];
    for (let frame = 0; frame < 8; frame += 1) {
      const now = frame * 33;
      // Even frames: the VIDEO landmarker has the hand (found by its palm detector); odd frames: it lost it.
      if (frame % 2 === 0) {
        recovery.tracked(HERE, now);
        continue;
      }
      const tries = recovery.next(now);
      ran.push(tries.map((t) => t.id));
      // The first try finds it: the tracker runs no other.
      recovery.report(tries[0], HERE, now);
    }
    expect(ran).toEqual(Array.from({ length: 4 }, () => ['follow', REGAIN_TRY.id]));
  });

  it('runs neither the break tries nor the follow window before any hand was seen', () => {
    const recovery = createVideoRecovery(TRIES, 200);
    expect(recovery.next(0)).toEqual([TRIES[0]]);
  });

  it('refuses an empty list of tries', () => {
    expect(() => createVideoRecovery([], 200)).toThrow(/at least one try/);
  });
});
