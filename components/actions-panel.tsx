'use client';
import { ACTION_CHOICES, actionValue, announce, describeAction, MAX_SLIDES, NO_SPEECH_MESSAGE, type FiredLog, type Slide } from '@/lib/actions';
import type { ActionClass } from '@/lib/actions';
import { isNoneClass, NONE_CLASS_NAME } from '@/lib/dataset';
import { useObjectUrl, type ActionFiring, type ActionSettings } from '@/lib/hooks';
import { useAnnounceChange } from './live-announcer';
import { buttonClass, FileButton, Notice, Panel } from './ui';

/** Controls reach 44 px where fingers use them. */
export const TOUCH = 'max-sm:min-h-11 pointer-coarse:min-h-11';
const SELECT = `rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${TOUCH}`;
const HOLD_CHOICES_MS = [200, 300, 400, 600, 800, 1000, 1500, 2000, 3000];
const COOLDOWN_CHOICES_MS = [0, 250, 500, 800, 1000, 1500, 2000, 3000, 5000];
const CHOICE_GROUPS = [...new Set(ACTION_CHOICES.map((c) => c.group))];

export interface ActionsPanelProps {
  readonly classes: readonly ActionClass[];
  readonly settings: ActionSettings;
  readonly firing: ActionFiring;
}

/** Per class: the action its gesture fires and its hold time; the cooldown; the slide deck; the log of firings. */
export function ActionsPanel({ classes, settings, firing }: ActionsPanelProps) {
  const { actions } = settings;
  useFiringAnnouncements(firing.log);
  const speakBound = actions.bindings.some((b) => b.action.kind === 'speak');
  return (
    <Panel title="Gesture actions">
      <p className="mb-3 text-sm text-slate-600">
        Hold a gesture to fire its action: the ring beside the live label fills, then the action fires once. Hold it again for the next one. “{NONE_CLASS_NAME}”, Unknown and no hand never fire.
      </p>
      <ul className="space-y-2" aria-label="Actions per class">
        {classes.map((c) => (
          <ClassActionRow key={c.id} gestureClass={c} settings={settings} firing={firing} />
        ))}
      </ul>
      {!firing.speech && speakBound && (
        <div className="mt-2">
          <Notice tone="warning">{NO_SPEECH_MESSAGE}</Notice>
        </div>
      )}
      {firing.tryProblem && (
        <div className="mt-2" data-testid="try-problem">
          <Notice tone="warning">{firing.tryProblem}</Notice>
        </div>
      )}
      <label className="mt-3 flex flex-wrap items-center gap-2 text-sm text-slate-700">
        Cooldown between actions
        <select className={SELECT} value={actions.cooldownMs} onChange={(e) => settings.setCooldownMs(Number(e.target.value))}>
          <DurationOptions choices={COOLDOWN_CHOICES_MS} current={actions.cooldownMs} />
        </select>
      </label>
      <SlideDeck settings={settings} />
      <FiredLogView classes={classes} log={firing.log} onClear={firing.clearLog} />
    </Panel>
  );
}

function ClassActionRow({ gestureClass: c, settings, firing }: { gestureClass: ActionClass; settings: ActionSettings; firing: ActionFiring }) {
  if (c.kind !== 'motion' && isNoneClass(c.name)) {
    return (
      <li className="rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-600">
        <span className="font-medium text-slate-800">{c.name}</span> means “no gesture”: it never fires an action.
      </li>
    );
  }
  const binding = settings.actions.bindings.find((b) => b.classId === c.id);
  return (
    <li className="flex flex-wrap items-center gap-2 rounded-lg border border-slate-200 px-3 py-2">
      <span className="min-w-24 flex-1 truncate text-sm font-medium text-slate-900" title={c.name}>
        {c.name}
      </span>
      <select
        aria-label={`Action for ${c.name}`}
        className={`${SELECT} min-w-0 max-w-full`}
        value={binding ? actionValue(binding.action) : ''}
        onChange={(e) => settings.bind(c.id, ACTION_CHOICES.find((choice) => choice.value === e.target.value)?.action ?? null)}
      >
        <option value="">No action</option>
        {CHOICE_GROUPS.map((group) => (
          <optgroup key={group} label={group}>
            {ACTION_CHOICES.filter((choice) => choice.group === group).map((choice) => (
              <option key={choice.value} value={choice.value} disabled={choice.action.kind === 'speak' && !firing.speech}>
                {choice.label}
                {choice.action.kind === 'speak' && !firing.speech ? ' (this browser cannot speak)' : ''}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {binding && (
        <>
          {c.kind === 'motion' ? (
            <span className="text-sm text-slate-600">fires when the motion is made</span>
          ) : (
            <label className="flex items-center gap-1 text-sm text-slate-700">
              Hold
              <select aria-label={`Hold time for ${c.name}`} className={SELECT} value={binding.holdMs} onChange={(e) => settings.setHoldMs(c.id, Number(e.target.value))}>
                <DurationOptions choices={HOLD_CHOICES_MS} current={binding.holdMs} />
              </select>
            </label>
          )}
          <button type="button" className={`${buttonClass('secondary')} ${TOUCH}`} aria-label={`Try the action of ${c.name}`} onClick={() => firing.tryAction(c.id)}>
            Try
          </button>
        </>
      )}
    </li>
  );
}

function SlideDeck({ settings }: { settings: ActionSettings }) {
  const { slides } = settings.actions;
  return (
    <section aria-labelledby="slide-deck-title" className="mt-4 border-t border-slate-200 pt-3">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h3 id="slide-deck-title" className="text-sm font-semibold text-slate-900">
          Slide deck{' '}
          <span className="font-normal text-slate-600" data-testid="slide-count" data-count={slides.length}>
            ({slides.length} {slides.length === 1 ? 'slide' : 'slides'})
          </span>
        </h3>
        <FileButton label="Add slides" disabled={settings.addingSlides || slides.length >= MAX_SLIDES} onFiles={(files) => void settings.addSlides(files)} />
      </div>
      <p className="mb-2 text-sm text-slate-600">Your own images, shown in presentation mode. The “Next slide” and “Previous slide” actions turn them; they stay on this device.</p>
      {settings.addingSlides && <p className="text-sm text-slate-600">Adding slides…</p>}
      {settings.slideProblem && (
        <div className="mb-2" data-testid="slide-problem">
          <Notice tone="warning">{settings.slideProblem}</Notice>
        </div>
      )}
      {slides.length > 0 && (
        <ol className="grid grid-cols-2 gap-2 sm:grid-cols-3" aria-label="Slides">
          {slides.map((slide, i) => (
            <SlideThumbnail key={slide.id} slide={slide} number={i + 1} count={slides.length} settings={settings} />
          ))}
        </ol>
      )}
    </section>
  );
}

function SlideThumbnail({ slide, number, count, settings }: { slide: Slide; number: number; count: number; settings: ActionSettings }) {
  const url = useObjectUrl(slide.image);
  const small = `${buttonClass('secondary')} ${TOUCH} max-sm:min-w-11 pointer-coarse:min-w-11 px-2`;
  return (
    <li className="rounded-lg border border-slate-200 p-1">
      <div className="aspect-video overflow-hidden rounded bg-slate-100">
        {/* eslint-disable-next-line @next/next/no-img-element -- a local blob: URL, nothing to optimise */}
        {url && <img src={url} alt={`Slide ${number}`} className="h-full w-full object-contain" />}
      </div>
      <div className="mt-1 flex items-center justify-between gap-1">
        <button type="button" className={small} aria-label={`Move slide ${number} earlier`} disabled={number === 1} onClick={() => settings.moveSlide(slide.id, -1)}>
          ←
        </button>
        <span className="text-xs tabular-nums text-slate-600">{number}</span>
        <button type="button" className={small} aria-label={`Move slide ${number} later`} disabled={number === count} onClick={() => settings.moveSlide(slide.id, 1)}>
          →
        </button>
        <button type="button" className={`${buttonClass('danger')} ${TOUCH} max-sm:min-w-11 pointer-coarse:min-w-11 px-2`} aria-label={`Remove slide ${number}`} onClick={() => settings.removeSlide(slide.id)}>
          ×
        </button>
      </div>
    </li>
  );
}

function FiredLogView({ classes, log, onClear }: { classes: readonly ActionClass[]; log: FiredLog; onClear: () => void }) {
  return (
    <section aria-labelledby="fired-log-title" className="mt-4 border-t border-slate-200 pt-3">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h3 id="fired-log-title" className="text-sm font-semibold text-slate-900">
          Fired actions{' '}
          <span className="font-normal text-slate-600" data-testid="fired-total" data-fired-count={log.total}>
            ({log.total})
          </span>
        </h3>
        <button type="button" className={`${buttonClass('secondary')} ${TOUCH}`} disabled={log.total === 0} onClick={onClear}>
          Clear log
        </button>
      </div>
      <ul className="mb-2 flex flex-wrap gap-2" aria-label="Firings per class">
        {classes
          .filter((c) => !isNoneClass(c.name))
          .map((c) => {
            const count = log.counts.get(c.id) ?? 0;
            return (
              <li key={c.id} data-testid="fired-count" data-class={c.name} data-fired-count={count} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
                {c.name}: <span className="tabular-nums">{count}</span>
              </li>
            );
          })}
      </ul>
      {log.entries.length === 0 ? (
        <p className="text-sm text-slate-500">Nothing has fired yet.</p>
      ) : (
        // Focusable, so a keyboard can scroll the list when it overflows.
        <ol tabIndex={0} className="max-h-40 space-y-1 overflow-y-auto rounded text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500" aria-label="Latest firings, newest first">
          {log.entries.map((entry) => (
            <li key={entry.seq} data-testid="fired-entry" data-class={entry.label} data-problem={entry.problem ?? ''} className="flex flex-wrap gap-x-2">
              <span className="tabular-nums text-slate-500">{new Date(entry.at).toLocaleTimeString()}</span>
              <span className="font-medium text-slate-900">{entry.label}</span>
              <span className="text-slate-700">{describeAction(entry.action, entry.label)}</span>
              {entry.problem && <span className="text-amber-800">— {entry.problem}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** One polite announcement per firing (never per frame), through the page's live region: its sentence changes with every firing. */
function useFiringAnnouncements(log: FiredLog): void {
  const latest = log.entries[0];
  useAnnounceChange(latest ? announce(latest, log) : null);
}

/** Durations in seconds; the current one is offered too when it is not among the choices (a project file may hold any). */
function DurationOptions({ choices, current }: { choices: readonly number[]; current: number }) {
  const all = choices.includes(current) ? choices : [...choices, current].sort((a, b) => a - b);
  return all.map((ms) => (
    <option key={ms} value={ms}>
      {(ms / 1000).toLocaleString('en-US', { maximumFractionDigits: 2 })} s
    </option>
  ));
}
