import type { ModelBundleMetadata, MotionBundlePart } from './metadata';

/** Where the README's page takes the two packages from; a page may map them anywhere it likes. */
export const CDN = 'https://cdn.jsdelivr.net/npm';

/** The bundle's README.md: what is inside, and a tiny example that classifies one image. */
export function createReadme(meta: ModelBundleMetadata): string {
  const { backbone, preprocessing, head, landmarks } = meta;
  const graph = backbone.embedding.format === 'graph-model';
  const { scale, offset } = preprocessing.normalization;
  const load = graph ? `tf.loadGraphModel('${backbone.modelPath}')` : `tf.loadLayersModel('${backbone.modelPath}')`;
  const cut = graph
    ? `    const embedding = tf.squeeze(backbone.execute(x, '${backbone.embedding.format === 'graph-model' ? backbone.embedding.node : ''}'), [1, 2]); // [1, ${backbone.embeddingSize}]`
    : meta.fineTuned
      ? `    const embedding = cut.predict(x); // [1, ${head.inputs[0]?.shape?.join(', ') ?? ''}] activations: the fine-tuned blocks are in head/`
      : `    const embedding = tf.mean(cut.predict(x), [1, 2]); // [1, ${backbone.embeddingSize}]`;
  const cutModel = graph ? '' : `const cut = tf.model({ inputs: backbone.inputs, outputs: backbone.getLayer('${backbone.embedding.format === 'layers-model' ? backbone.embedding.layer : ''}').output });\n`;
  const headCall =
    head.fusion === 'branches'
      ? 'head.predict([embedding, tf.tensor2d(landmarkFeatures, [1, ' + String(landmarks?.size ?? 0) + '])])'
      : head.fusion === 'concat'
        ? 'head.predict(tf.concat([embedding, tf.tensor2d(landmarkFeatures, [1, ' + String(landmarks?.size ?? 0) + '])], 1))'
        : head.inputs[0]?.name === 'landmarks'
          ? `head.predict(tf.tensor2d(landmarkFeatures, [1, ${landmarks?.size ?? 0}]))`
          : 'head.predict(embedding)';
  const crop =
    preprocessing.crop.kind === 'center-square'
      ? `  const side = Math.min(image.width, image.height);
  const canvas = Object.assign(document.createElement('canvas'), { width: 224, height: 224 });
  canvas.getContext('2d').drawImage(image, (image.width - side) >> 1, (image.height - side) >> 1, side, side, 0, 0, 224, 224);`
      : `  // box: the hand's square in image pixels (see "Preprocessing" below).
  const canvas = Object.assign(document.createElement('canvas'), { width: 224, height: 224 });
  canvas.getContext('2d').drawImage(image, box.x, box.y, box.size, box.size, 0, 0, 224, 224);`;
  const signature = preprocessing.crop.kind === 'hand' ? (landmarks ? 'image, box, landmarkFeatures' : 'image, box') : 'image';
  const labels = meta.labels.map((l) => JSON.stringify(l)).join(', ');
  return `# Gesture Studio model

Made by Gesture Studio ${meta.versions.app} on ${meta.createdAt} with TensorFlow.js ${meta.versions.tfjs}
(bundle format ${meta.formatVersion}). Labels, in output order: ${labels}.

| file | what |
|---|---|
| \`${backbone.modelPath}\` + shards | ${backbone.label}, ImageNet weights, unchanged (a TF.js ${backbone.embedding.format})${meta.fineTuned ? `, run up to \`${meta.fineTuned.cutLayer}\` only` : ''} |
| \`${head.modelPath}\` + \`weights.bin\` | ${meta.fineTuned ? `the fine-tuned ${meta.fineTuned.layers.join(', ')} and the head trained in Gesture Studio, as one TF.js layers model` : 'the head trained in Gesture Studio (a TF.js layers model)'} |
| \`metadata.json\` | labels, preprocessing, input mode, versions; read it rather than hard-coding |
| \`gesture-model.js\` + \`hand-geometry.js\` | an ES module that runs all of this on a web page, as the studio does |
${meta.handModel ? `| \`${meta.handModel.path}\` | the hand landmarker the studio found the hands with (another hand model places landmarks differently) |\n` : ''}${meta.motion ? `| \`${meta.motion.modelPath}\` + \`weights.bin\` | the motion model trained in Gesture Studio (a TF.js layers model: 1-D convolutions over time); see "Motion gestures" |\n` : ''}
${webPage(meta)}
## The same by hand (browser, \`@tensorflow/tfjs\` ${meta.versions.tfjs})

What gesture-model.js does, for one image, in a module script served from this folder:

\`\`\`js
import * as tf from '@tensorflow/tfjs';

const meta = await (await fetch('metadata.json')).json();
const backbone = await ${load};
const head = await tf.loadLayersModel('${head.modelPath}');
${cutModel}
/** Probabilities, one per label, for an <img>, <canvas> or <video>. */
async function classify(${signature}) {
${crop}
  const probabilities = tf.tidy(() => {
    const x = tf.browser.fromPixels(canvas).toFloat().mul(${scale}).add(${offset}).expandDims(0); // [1, 224, 224, 3]
${cut}
    return ${headCall};
  });
  const p = await probabilities.data();
  probabilities.dispose();
  return meta.labels.map((label, i) => ({ label, probability: p[i] }));
}

console.log(await classify(document.querySelector('img')${preprocessing.crop.kind === 'hand' ? ', box' : ''}${landmarks ? ', landmarkFeatures' : ''}));
\`\`\`

In Node, read the files yourself and load them with \`tf.io.fromMemory({ modelTopology, weightSpecs,
weightData })\` (\`weightSpecs\` from each \`model.json\`'s \`weightsManifest\`, \`weightData\` its shard files
joined in manifest order), then run the same code on a [1, 224, 224, 3] float tensor.

## Preprocessing

1. Crop: ${preprocessing.crop.description}
2. Resize the crop to ${preprocessing.resize.width}x${preprocessing.resize.height}, bilinear. ${preprocessing.resize.note}
3. RGB float pixels 0..255, NHWC, then \`${preprocessing.normalization.formula}\`.
4. Backbone embedding: ${graph ? `run the graph to node \`${backbone.embedding.format === 'graph-model' ? backbone.embedding.node : ''}\`` : `the output of layer \`${backbone.embedding.format === 'layers-model' ? backbone.embedding.layer : ''}\``}, then ${backbone.embedding.then}.
5. Head: ${describeHead(meta)}; it outputs softmax probabilities in label order.
${landmarks ? landmarkSection(meta) : ''}${meta.motion ? motionSection(meta.motion) : ''}`;
}

/** The few lines a person writes to get live labels from the camera with gesture-model.js. */
function webPage(meta: ModelBundleMetadata): string {
  const tfjs = meta.module.imports['@tensorflow/tfjs'];
  const vision = meta.module.imports['@mediapipe/tasks-vision'];
  return `## Live labels on a web page

Unzip this bundle, save the page below as \`index.html\` beside its files, serve the folder over HTTP (for instance
\`npx http-server\`; a camera needs \`localhost\` or HTTPS) and open it. The import map says where
\`@tensorflow/tfjs\` and \`@mediapipe/tasks-vision\` come from (here a CDN: to stay offline, serve
their files yourself and point the map and \`wasm\` there). ${meta.handModel ? '\`prediction\` is null while no hand is in view; ' : ''}\`prediction.probabilities\`
has one value per label, in the order of \`model.labels\`.

\`\`\`html
<!doctype html>
<meta charset="utf-8">
<script type="importmap">
  { "imports": {
      "@tensorflow/tfjs": "${CDN}/@tensorflow/tfjs@${tfjs}/dist/tf.fesm.min.js",
      "@mediapipe/tasks-vision": "${CDN}/@mediapipe/tasks-vision@${vision}/vision_bundle.mjs" } }
</script>
<video id="camera" playsinline muted></video>
<p id="label">Loading the model…</p>
<script type="module">
  import { loadGestureModel } from './gesture-model.js';

  const model = await loadGestureModel('./', { wasm: '${CDN}/@mediapipe/tasks-vision@${vision}/wasm' });
  const video = document.getElementById('camera');
  video.srcObject = await navigator.mediaDevices.getUserMedia({ video: true });
  await video.play();
  model.run(video, (prediction) => {
    document.getElementById('label').textContent = prediction ? \`\${prediction.label} \${Math.round(prediction.confidence * 100)}%\` : 'No hand in view';
  });
</script>
\`\`\`

\`model.predict(videoOrCanvas)\` classifies a single frame instead; \`model.close()\` frees the models. The studio
also smooths the probabilities over frames (each new frame weighs half) before showing them, and
below its confidence threshold (60% by default) says "Unknown".
`;
}

function describeHead(meta: ModelBundleMetadata): string {
  const parts = meta.head.inputs.map((p) => `${p.name} [n, ${(p.shape ?? [p.size]).join(', ')}]`);
  if (meta.head.fusion === 'branches') return `two inputs, ${parts.join(' and ')}, in that order`;
  if (meta.head.fusion === 'concat') return `one input, the row ${parts.join(' followed by ')} joined ([n, ${meta.head.inputs.reduce((s, p) => s + p.size, 0)}])`;
  return `one input, ${parts[0]}`;
}

function landmarkSection(meta: ModelBundleMetadata): string {
  const l = meta.landmarks;
  if (!l) return '';
  const rows = Object.entries(l.layout)
    .map(([name, { offset, length }]) => `| \`${name}\` | ${offset} | ${length} |`)
    .join('\n');
  return `
## Landmark features (version ${l.version}, ${l.size} values)

From ${l.source} With \`aspect\` = image width / height:

1. Each landmark relative to the wrist (landmark 0): dx = (x - wrist.x) * aspect, dy = y - wrist.y,
   dz = (z - wrist.z) * aspect.
2. A hand labelled 'Left' has dx negated, so both hands give the same features.
${l.options.rotation ? '3. Rotated in the image plane so the wrist→middle-knuckle (landmark 9) line points to −y.\n' : '3. No rotation: tilt is kept (rotation is off).\n'}4. Everything divided by the palm size: the mean of the image-plane (dx, dy) lengths of landmarks 5, 9 and 17.

| part | offset | length |
|---|---|---|
${rows}

\`coordinates\`: the 21 (dx, dy, dz) triples in MediaPipe order. \`jointAngles\`: the bend at each joint,
atan2(|u × v|, u · v) / π for consecutive bones u, v, for the chains wrist→1→2→3→4 (thumb), wrist→5→6→7→8,
wrist→9→…→12, wrist→13→…→16, wrist→17→…→20, three joints each (at the first, second and third
landmark of the chain). \`tipToWrist\`: 3-D distance of tips 4, 8, 12, 16, 20 from the wrist.
\`thumbToTips\`: 3-D distance of tip 4 to tips 8, 12, 16, 20. All distances in palm units.
The reference implementation is ${l.reference}
`;
}

/** How to feed the motion model from a hand tracker, frame by frame, and when to say a motion happened. */
function motionSection(m: MotionBundlePart): string {
  const { layout } = m.row;
  const labels = m.labels.map((l) => JSON.stringify(l)).join(', ');
  const p = m.peak;
  return `
## Motion gestures

\`${m.modelPath}\` tells motions apart (${labels}${m.idleClass ? `; ${JSON.stringify(m.idleClass)} means no motion and never fires` : ''}) from the
last ${m.windowFrames} frames of the hand, taken ${m.frameRate} times a second (${(m.windowFrames / m.frameRate).toFixed(1)} s). Its input is
[1, ${m.windowFrames}, ${m.input.size}] and its output softmax probabilities in label order. \`metadata.json\`'s \`motion\` holds
every number below; read it rather than hard-coding.

1. **A row per frame** (${m.row.size} values): the hand's landmark features (\`pose\`, the same features the head
   reads, version ${m.row.landmarkFeatures.version}, rotation ${m.row.landmarkFeatures.options.rotation ? 'on' : 'off'}), the wrist's place in the image in image heights from its
   centre (\`wrist\`: x scaled by the aspect ratio, y down), the natural log of the palm's size in image heights
   (\`logSize\`: the mean image-plane distance of landmarks 5, 9 and 17 from the wrist) and \`present\` (1 with
   a hand; a frame without a hand is all zeros).
2. **${m.frameRate} rows a second**: the studio resamples its irregular frames to steady rows, interpolating
   linearly between two frames with a hand at most ${m.resample.maxGapMs} ms apart; a longer gap gives absent rows. A hand
   found after such a gap (not one there from the first frame) gives absent rows for its first ${m.resample.settleMs} ms: a
   tracker's first landmarks of a hand are rough.
3. **The window's input**: the last ${m.windowFrames} rows, oldest first. Only the hand's latest stay in view counts:
   rows before it (no hand, or the hand before it last left) take its first row, rows after it its last. Each
   row then becomes ${m.input.kind === 'path-and-pose' ? 'its pose features, then ' : ''}the wrist's x and y minus their mean over the window, times ${m.input.pathScale}; the log
   size minus its mean, times ${m.input.logSizeScale}; and 1. A window without a hand is all zeros.
4. **Events**: a label fires once its probability has been at least ${p.threshold} for ${p.minSteps} rows and stops rising
   (by less than ${p.minRise} from one row to the next) or reaches ${p.saturation}; it may fire again once it has fallen
   below ${p.release}, and no label fires within ${p.refractoryMs} ms of an event${p.yieldToRival ? ', nor when another label (other than the idle one) is above it as it peaks: it was the start of that motion' : ''}.
   Once the window's newest row with a hand is more than ${p.goneMs} ms old, the window is not classified.

| part | offset | length |
|---|---|---|
${Object.entries(layout)
  .map(([name, { offset, length }]) => `| \`${name}\` | ${offset} | ${length} |`)
  .join('\n')}

\`\`\`js
import * as tf from '@tensorflow/tfjs';
import { landmarkFeatures } from './hand-geometry.js';

const { motion } = await (await fetch('metadata.json')).json();
const motionModel = await tf.loadLayersModel(motion.modelPath);
const { pose, wrist, logSize, present } = motion.row.layout;

/** The row of one frame: a MediaPipe hand ({ landmarks, handedness }) in an image of width x height, or null. */
function motionRow(hand, width, height) {
  const row = new Float32Array(motion.row.size);
  if (!hand) return row;
  const aspect = width / height;
  const w = hand.landmarks[0];
  row.set(landmarkFeatures(hand, motion.row.landmarkFeatures.options, aspect), pose.offset);
  row[wrist.offset] = (w.x - 0.5) * aspect;
  row[wrist.offset + 1] = w.y - 0.5;
  const palm = [5, 9, 17].reduce((sum, k) => sum + Math.hypot((hand.landmarks[k].x - w.x) * aspect, hand.landmarks[k].y - w.y), 0) / 3;
  row[logSize.offset] = Math.log(palm);
  row[present.offset] = 1;
  return row;
}

/** Probabilities, one per label, for the last motion.windowFrames rows (oldest first). */
async function classifyMotion(rows) {
  const { size, kind, pathScale, logSizeScale } = motion.input;
  const x = new Float32Array(rows.length * size);
  // The hand's latest stay: its last row with a hand, and the first of the unbroken run before it.
  let last = rows.length - 1;
  while (last >= 0 && rows[last][present.offset] === 0) last -= 1;
  let first = last;
  while (first > 0 && rows[first - 1][present.offset] > 0) first -= 1;
  const stay = last < 0 ? [] : rows.map((_, i) => rows[Math.min(last, Math.max(first, i))]);
  const mean = (i) => stay.reduce((sum, r) => sum + r[i], 0) / Math.max(1, stay.length);
  const [mx, my, ms] = [mean(wrist.offset), mean(wrist.offset + 1), mean(logSize.offset)];
  const skip = kind === 'path-and-pose' ? pose.length : 0;
  stay.forEach((r, i) => {
    const at = i * size;
    x.set(r.subarray(pose.offset, pose.offset + skip), at);
    x[at + skip] = (r[wrist.offset] - mx) * pathScale;
    x[at + skip + 1] = (r[wrist.offset + 1] - my) * pathScale;
    x[at + skip + 2] = (r[logSize.offset] - ms) * logSizeScale;
    x[at + skip + 3] = 1;
  });
  const probabilities = tf.tidy(() => motionModel.predict(tf.tensor3d(x, [1, rows.length, size])));
  const p = await probabilities.data();
  probabilities.dispose();
  return motion.labels.map((label, i) => ({ label, probability: p[i] }));
}
\`\`\`
`;
}
