import type { BackboneId } from '../backbone/backbone-info';
import { addSamples, framingOfDataset, mergeNamedSamples, sampleCount, type Dataset, type Sample } from './dataset';
import type { Framing } from './input-mode';

/*
 * Samples arrive from work that started earlier (a frame in flight, an import that took a minute):
 * by then the backbone or the framing may have changed, or the class been deleted. These take them
 * into the dataset only when they still fit it, and otherwise leave it as it is.
 */

/** What embedded a batch of samples: the backbone and the framing of their crops. */
export interface MadeBy {
  readonly backboneId: BackboneId;
  readonly framing: Framing;
}

/** Whether samples `made` so can join `dataset` as it is now (an empty dataset takes their framing). */
export function fitsDataset(dataset: Dataset, made: MadeBy): boolean {
  return dataset.backboneId === made.backboneId && (framingOfDataset(dataset) === made.framing || sampleCount(dataset) === 0);
}

/**
 * A frame recorded live into class `classId`. Dropped when the class is gone or the frame was made
 * just before a backbone or mode switch: its embedding size or its landmarks no longer match.
 */
export function acceptRecorded(dataset: Dataset, classId: string, sample: Sample): Dataset {
  const first = dataset.classes.flatMap((c) => c.samples)[0];
  if ((first && first.embedding.length !== sample.embedding.length) || !dataset.classes.some((c) => c.id === classId)) return dataset;
  if ((sample.landmarks !== undefined) !== (framingOfDataset(dataset) === 'hand')) return dataset;
  return addSamples(dataset, classId, [sample]);
}

/** Uploaded files' samples for class `classId`, when they still fit. */
export function acceptUploaded(dataset: Dataset, classId: string, samples: readonly Sample[], made: MadeBy): Dataset {
  if (!fitsDataset(dataset, made) || !dataset.classes.some((c) => c.id === classId)) return dataset;
  return { ...addSamples(dataset, classId, samples), framing: made.framing };
}

/** An imported folder's samples by class name (new names become classes), when they still fit. */
export function acceptImported(dataset: Dataset, named: ReadonlyMap<string, readonly Sample[]>, made: MadeBy): Dataset {
  return fitsDataset(dataset, made) ? { ...mergeNamedSamples(dataset, named), framing: made.framing } : dataset;
}
