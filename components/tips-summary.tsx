import type { ReactNode } from 'react';
import { backgroundViews } from '@/lib/augment';
import { framingOf } from '@/lib/dataset';
import type { TrainedModel } from '@/lib/pipeline';
import type { TrainParams } from '@/lib/train';

/** After training: which of the course's transfer-learning tips were used, what each added, and `children` (checks of the model). */
export function TipsSummary({ trained, params, children }: { trained: TrainedModel; params: TrainParams; children?: ReactNode }) {
  const { strategy, augment } = trained;
  // Views on new backgrounds are made for hand crops' cached embeddings, which fine-tuning does not use.
  const moved = framingOf(trained.model.inputMode) === 'hand' && strategy.trainableBlocks === 0 ? backgroundViews(augment) : 0;
  const tips = [
    { used: true, text: 'Started from ImageNet-pretrained MobileNet weights, not from scratch.' },
    { used: strategy.trainableBlocks === 0, text: 'Froze the whole backbone and trained only a new head (tiny data).' },
    { used: true, text: strategy.trainableBlocks === 0 ? 'Computed each sample’s backbone activation once and cached it.' : 'Cached the activations at the cut point, so epochs only run the unfrozen block(s).' },
    { used: strategy.trainableBlocks === 1, text: 'Fine-tuned the last block at a learning rate 10x lower than the head’s (more data).' },
    { used: strategy.trainableBlocks === 2, text: 'Fine-tuned the last two blocks, pretrained weights as the starting point (lots of data).' },
    { used: augment.views > 0, text: `Augmented each sample with ${augment.views} views (zoom, rotation, brightness/contrast, colour shift${augment.mirror ? ', mirroring' : ''})${moved > 0 ? `, ${moved} of them with the hand in front of a new background` : ''}.` },
    {
      used: trained.model.inputMode === 'fused' && strategy.trainableBlocks === 0 && params.imageDropout > 0,
      text: `Trained on ${params.imageDropout > 0 ? `${Math.round(params.imageDropout * 100)}% of the samples` : 'some samples'} a second time with the image dropped, so the hand’s landmarks alone must name them and the background cannot; it answers with the mean of its reading of the whole sample and of the landmarks alone.`,
    },
    { used: params.earlyStopping, text: `Early stopping on validation loss${trained.stoppedEarly ? `: stopped and kept epoch ${trained.bestEpoch}` : ''}.` },
    { used: params.learningRateDecay, text: 'Learning-rate decay.' },
  ];
  return (
    <div data-testid="tips-summary" className="space-y-2 rounded-lg bg-slate-50 p-3">
      <h3 className="font-medium text-slate-900">How this model was made</h3>
      <ul className="space-y-0.5">
        {tips.map((tip) => (
          <li key={tip.text} className={tip.used ? 'text-slate-800' : 'text-slate-500 line-through'}>
            <span aria-hidden>{tip.used ? '✓ ' : '– '}</span>
            <span className="sr-only">{tip.used ? 'Used: ' : 'Not used: '}</span>
            {tip.text}
          </li>
        ))}
      </ul>
      {trained.contributions.length > 0 && (
        <table className="text-xs tabular-nums" data-testid="tip-contributions">
          <caption className="text-left text-slate-600">Validation accuracy on the same held-out samples</caption>
          <tbody>
            {trained.contributions.map((row) => (
              <tr key={row.label}>
                <th scope="row" className="pr-3 text-left font-normal">
                  {row.label}
                </th>
                <td>{row.validationAccuracy === null ? '—' : `${(row.validationAccuracy * 100).toFixed(1)}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {children}
    </div>
  );
}
