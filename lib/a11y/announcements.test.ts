import { describe, expect, it } from 'vitest';
import { createAnnouncer, SettledLabel } from './announcements';

describe('createAnnouncer', () => {
  it('tells subscribers of every announcement, the same sentence twice included, and skips blank ones', () => {
    const announcer = createAnnouncer();
    const heard: string[] = [];
    const stop = announcer.subscribe(() => heard.push(`${announcer.get().seq}:${announcer.get().text}`));
    announcer.announce('Training finished.');
    announcer.announce('Training finished.');
    announcer.announce('   ');
    stop();
    announcer.announce('Not heard');
    expect(heard).toEqual(['1:Training finished.', '2:Training finished.']);
  });
});

describe('SettledLabel', () => {
  it('says a label once it has held for the settle time, and only once', () => {
    const gate = new SettledLabel(1000);
    const said = [0, 400, 999, 1000, 1500, 3000].map((t) => gate.update('Five', t));
    expect(said).toEqual([null, null, null, 'Five', null, null]);
  });

  it('never says a label that flickers shorter than the settle time', () => {
    const gate = new SettledLabel(1000);
    const frames: [string, number][] = [['Five', 0], ['Two', 300], ['Five', 600], ['Two', 900], ['Five', 1200], ['Two', 1500]];
    expect(frames.map(([label, t]) => gate.update(label, t))).toEqual([null, null, null, null, null, null]);
  });

  it('says a new label after a change, and the old one again when it comes back', () => {
    const gate = new SettledLabel(500);
    const frames: [string | null, number][] = [['Five', 0], ['Five', 500], ['Two', 600], ['Two', 1100], [null, 1200], [null, 2000], ['Five', 2100], ['Five', 2600]];
    expect(frames.map(([label, t]) => gate.update(label, t))).toEqual([null, 'Five', null, 'Two', null, null, null, 'Five']);
  });
});
