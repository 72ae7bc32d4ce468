import { describe, expect, it, vi } from 'vitest';
import { SKIP_WAITING_MESSAGE } from './contract';
import { applyUpdate, watchFirstInstall, watchForUpdate, type ContainerLike, type RegistrationLike, type WorkerLike } from './update';

/** A service worker as the page sees it: its state changes as the browser installs it. */
class FakeWorker extends EventTarget implements WorkerLike {
  state = 'installing';
  readonly posted: unknown[] = [];
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  become(state: string) {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}

class FakeRegistration extends EventTarget implements RegistrationLike {
  installing: FakeWorker | null = null;
  waiting: FakeWorker | null = null;
  active: FakeWorker | null = null;
  /** What the browser does when its update check finds a new /sw.js and installs it. */
  install(worker: FakeWorker) {
    this.installing = worker;
    this.dispatchEvent(new Event('updatefound'));
    this.installing = null;
    this.waiting = worker;
    worker.become('installed');
  }
}

class FakeContainer extends EventTarget implements ContainerLike {
  constructor(public controller: unknown) {
    super();
  }
  /** What the browser does when a new worker takes over this page. */
  takeOver(worker: FakeWorker) {
    this.controller = worker;
    this.dispatchEvent(new Event('controllerchange'));
  }
}

describe('watchForUpdate', () => {
  it('announces a version that installs while the page runs an older one', () => {
    const registration = new FakeRegistration();
    const onUpdate = vi.fn();
    watchForUpdate(registration, new FakeContainer(new FakeWorker()), onUpdate);
    expect(onUpdate).not.toHaveBeenCalled();
    registration.install(new FakeWorker());
    expect(onUpdate).toHaveBeenCalledTimes(1);
  });

  it('announces at once a version that was already waiting when the page loaded', () => {
    const registration = new FakeRegistration();
    registration.waiting = new FakeWorker();
    const onUpdate = vi.fn();
    watchForUpdate(registration, new FakeContainer(new FakeWorker()), onUpdate);
    expect(onUpdate).toHaveBeenCalledTimes(1);
  });

  it('announces nothing on a first visit: the first worker to install is not an update', () => {
    const registration = new FakeRegistration();
    const onUpdate = vi.fn();
    watchForUpdate(registration, new FakeContainer(null), onUpdate);
    registration.install(new FakeWorker());
    expect(onUpdate).not.toHaveBeenCalled();
  });

  it('announces nothing for a version whose install failed', () => {
    const registration = new FakeRegistration();
    const onUpdate = vi.fn();
    watchForUpdate(registration, new FakeContainer(new FakeWorker()), onUpdate);
    const failing = new FakeWorker();
    registration.installing = failing;
    registration.dispatchEvent(new Event('updatefound'));
    registration.installing = null;
    failing.become('redundant');
    expect(onUpdate).not.toHaveBeenCalled();
  });

  it('stops announcing once stopped', () => {
    const registration = new FakeRegistration();
    const onUpdate = vi.fn();
    const stop = watchForUpdate(registration, new FakeContainer(new FakeWorker()), onUpdate);
    stop();
    registration.install(new FakeWorker());
    expect(onUpdate).not.toHaveBeenCalled();
  });
});

describe('watchFirstInstall', () => {
  /** A worker installing, on a registration with a version already active or none; the failures reported. */
  function installing(alreadyActive: boolean) {
    const registration = new FakeRegistration();
    registration.active = alreadyActive ? new FakeWorker() : null;
    registration.installing = new FakeWorker();
    const onFailed = vi.fn();
    watchFirstInstall(registration, onFailed);
    return { worker: registration.installing, onFailed };
  }

  it('reports a first install that failed', () => {
    const { worker, onFailed } = installing(false);
    worker.become('redundant');
    expect(onFailed).toHaveBeenCalledTimes(1);
  });

  it('reports nothing when the first install succeeds', () => {
    const { worker, onFailed } = installing(false);
    worker.become('installed');
    worker.become('activated');
    expect(onFailed).not.toHaveBeenCalled();
  });

  it('reports nothing when an update fails beside a working version', () => {
    const { worker, onFailed } = installing(true);
    worker.become('redundant');
    expect(onFailed).not.toHaveBeenCalled();
  });
});

describe('applyUpdate', () => {
  it('asks the waiting version to take over, and reloads once it serves the page', () => {
    const registration = new FakeRegistration();
    const container = new FakeContainer(new FakeWorker());
    const waiting = new FakeWorker();
    registration.install(waiting);
    const reload = vi.fn();
    expect(applyUpdate(registration, container, reload)).toBe(true);
    expect(waiting.posted).toEqual([{ type: SKIP_WAITING_MESSAGE }]);
    // Not before the new version has taken over: a reload then would come back to the old one.
    expect(reload).not.toHaveBeenCalled();
    container.takeOver(waiting);
    container.takeOver(waiting);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('asks a newer version that replaces the waiting one before it took over', () => {
    const registration = new FakeRegistration();
    const container = new FakeContainer(new FakeWorker());
    const first = new FakeWorker();
    registration.install(first);
    const installingAlready = new FakeWorker();
    registration.installing = installingAlready;
    applyUpdate(registration, container, () => {});
    expect(installingAlready.posted).toEqual([]);
    installingAlready.become('installed');
    expect(installingAlready.posted).toEqual([{ type: SKIP_WAITING_MESSAGE }]);
    const later = new FakeWorker();
    registration.install(later);
    expect(later.posted).toEqual([{ type: SKIP_WAITING_MESSAGE }]);
  });

  it('does nothing when no version waits', () => {
    const container = new FakeContainer(new FakeWorker());
    const reload = vi.fn();
    expect(applyUpdate(new FakeRegistration(), container, reload)).toBe(false);
    container.takeOver(new FakeWorker());
    expect(reload).not.toHaveBeenCalled();
  });

  it('is the only way a waiting version takes over: watching alone posts nothing', () => {
    const registration = new FakeRegistration();
    const waiting = new FakeWorker();
    watchForUpdate(registration, new FakeContainer(new FakeWorker()), () => {});
    registration.install(waiting);
    expect(waiting.posted).toEqual([]);
  });
});
