/** A gate that work can wait at: `wait` resolves at once while it is open, else when it next opens. */
export interface Gate {
  wait(): Promise<void>;
  open(): void;
  close(): void;
}

export function createGate(): Gate {
  let opened = false;
  let waiting: (() => void)[] = [];
  return {
    wait: () => (opened ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
    open() {
      opened = true;
      const released = waiting;
      waiting = [];
      released.forEach((resolve) => resolve());
    },
    close() {
      opened = false;
    },
  };
}
