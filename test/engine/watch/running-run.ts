import { writeRunFixture } from '../report/make-run-fixture.js';

/** A run stopped in its second `train` visit: 3 of 10 progress, a fresh loss metric. */
export function writeRunningRun(dir: string): string {
  return writeRunFixture({
    dir,
    id: 'live-1',
    status: 'running',
    value: 'train',
    visits: [
      { state: 'prep', outputs: { pairs: 100 } },
      { state: 'train', outputs: { loss: 0.5 }, metrics: [{ name: 'loss', value: 0.7, step: 0 }, { name: 'loss', value: 0.5, step: 1 }] },
      { state: 'evaluate', outputs: { accuracy: 0.61 }, metrics: [{ name: 'accuracy', value: 0.61 }] },
      { state: 'select', outputs: { admitted: 12 } },
      { state: 'train', progress: { current: 3, total: 10, message: 'epoch 1' }, metrics: [{ name: 'loss', value: 0.42, step: 3 }] },
    ],
  });
}
