import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Engine, EngineFrame } from '../engine';
import { startLiveLoop, type LiveRequest } from './live-loop';

/** A video element that presents frames when the test says, and an engine whose frames finish when it says. */
function setup() {
  let callbacks: { id: number; run: VideoFrameRequestCallback }[] = [];
  let nextId = 1;
  let presentedFrames = 0;
  const video = {
    readyState: 4,
    videoWidth: 320,
    requestVideoFrameCallback(run: VideoFrameRequestCallback) {
      callbacks.push({ id: nextId, run });
      return nextId++;
    },
    cancelVideoFrameCallback(id: number) {
      callbacks = callbacks.filter((c) => c.id !== id);
    },
  };
  /** The video shows its next frame: the callbacks registered before it run, as a browser runs them. */
  const present = () => {
    presentedFrames += 1;
    const due = callbacks;
    callbacks = [];
    for (const c of due) c.run(0, { presentedFrames } as VideoFrameCallbackMetadata);
  };
  const inFlight: (() => void)[] = [];
  const engine = {
    processFrame: vi.fn(() => new Promise<EngineFrame>((resolve) => inFlight.push(() => resolve({} as EngineFrame)))),
  } as unknown as Engine & { processFrame: ReturnType<typeof vi.fn> };
  /** The engine hands back its frame; resolves once the loop has taken it and done what it does next. */
  const finish = async () => {
    inFlight.shift()?.();
    await flush();
  };
  const request: LiveRequest = { engine, embed: false, classify: false, hand: true, recording: false, keepImage: () => false, motion: false };
  const onFrame = vi.fn();
  const loop = startLiveLoop({ video: video as unknown as HTMLVideoElement, current: () => request, onFrame, onError: (e) => { throw e; } });
  return { present, finish, engine, onFrame, loop, inFlight };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('startLiveLoop', () => {
  beforeEach(() => {
    vi.stubGlobal('document', { visibilityState: 'visible' });
    vi.stubGlobal('createImageBitmap', async () => ({}));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('hands a frame over when the video presents one, and never a second while the engine is busy', async () => {
    const { present, engine } = setup();
    expect(engine.processFrame).not.toHaveBeenCalled();
    present();
    await flush();
    expect(engine.processFrame).toHaveBeenCalledTimes(1);
    present();
    present();
    await flush();
    expect(engine.processFrame).toHaveBeenCalledTimes(1);
  });

  it('sends the newest frame at once when one was presented while the engine worked', async () => {
    const { present, finish, engine, onFrame } = setup();
    present();
    await flush();
    present(); // shown while the first frame is in the engine
    await finish();
    expect(onFrame).toHaveBeenCalledTimes(1);
    expect(engine.processFrame).toHaveBeenCalledTimes(2);
  });

  it('waits for the next frame when none was presented while the engine worked', async () => {
    const { present, finish, engine } = setup();
    present();
    await flush();
    await finish();
    expect(engine.processFrame).toHaveBeenCalledTimes(1);
    present();
    await flush();
    expect(engine.processFrame).toHaveBeenCalledTimes(2);
  });

  it('reads no frame while the tab is hidden, and goes on once it is shown', async () => {
    const { present, engine } = setup();
    vi.stubGlobal('document', { visibilityState: 'hidden' });
    present();
    present();
    await flush();
    expect(engine.processFrame).not.toHaveBeenCalled();
    vi.stubGlobal('document', { visibilityState: 'visible' });
    present();
    await flush();
    expect(engine.processFrame).toHaveBeenCalledTimes(1);
  });

  it('stops: no frame after stop, and a frame in flight is not reported', async () => {
    const { present, finish, engine, onFrame, loop } = setup();
    present();
    await flush();
    loop.stop();
    await finish();
    present();
    await flush();
    expect(onFrame).not.toHaveBeenCalled();
    expect(engine.processFrame).toHaveBeenCalledTimes(1);
  });
});
