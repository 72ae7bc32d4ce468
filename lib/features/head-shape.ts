import type { HeadShape } from '../train';

interface LayerJson {
  readonly name?: string;
  readonly class_name: string;
  readonly config: { readonly units?: number; readonly batch_input_shape?: readonly (number | null)[]; readonly name?: string };
  readonly inbound_nodes?: readonly (readonly (readonly [string, ...unknown[]])[])[];
}

interface TopologyJson {
  readonly class_name: string;
  readonly config: { readonly layers: readonly LayerJson[]; readonly input_layers?: readonly (readonly [string, ...unknown[]])[] };
}

/**
 * Reads a trained head's shape back from its saved topology (`Head.save().modelTopology`), so the
 * architecture view describes the network that really runs, not the settings of the next training.
 * Returns null for a topology `createHeadModel` does not make.
 */
export function headShapeOf(topology: unknown, embeddingSize: number, classCount: number): (HeadShape & { readonly handOnlyVote?: true }) | null {
  if (!isTopology(topology)) return null;
  const layers = topology.config.layers;
  const dense = layers.filter((l) => l.class_name === 'Dense');
  const units = (layer: LayerJson | undefined) => layer?.config.units;
  // withHandOnlyVote's head: the trained layers read each row twice, and a pooling over the two answers averages them.
  const vote = layers.some((l) => l.class_name === 'GlobalAveragePooling1D') ? ({ handOnlyVote: true } as const) : {};
  const inputs = topology.config.input_layers?.map(([name]) => name) ?? [];
  if (topology.class_name === 'Sequential' || inputs.length === 1) {
    if (dense.length === 1) return { embeddingSize, classCount, hiddenUnits: 0, seed: 0, ...vote };
    const hidden = units(dense[0]);
    return dense.length === 2 && hidden !== undefined ? { embeddingSize, classCount, hiddenUnits: hidden, seed: 0, ...vote } : null;
  }
  if (inputs.length !== 2) return null;
  const byName = new Map(layers.map((l) => [l.name ?? l.config.name, l]));
  /** The model inputs a layer's values come from, through every layer before it. */
  const sourcesOf = (layer: LayerJson | undefined, seen = new Set<string>()): Set<string> => {
    for (const node of layer?.inbound_nodes ?? []) {
      for (const [name] of node) {
        if (inputs.includes(name)) seen.add(name);
        else sourcesOf(byName.get(name), seen);
      }
    }
    return seen;
  };
  const fedBy = (input: string) => dense.find((l) => {
    const sources = sourcesOf(l);
    return sources.size === 1 && sources.has(input);
  });
  const split = byName.get(inputs[0])?.config.batch_input_shape?.[1];
  const imageUnits = units(fedBy(inputs[0]));
  const handUnits = units(fedBy(inputs[1]));
  if (typeof split !== 'number' || imageUnits === undefined || handUnits === undefined) return null;
  return { embeddingSize, classCount, hiddenUnits: imageUnits, seed: 0, branches: { split, units: handUnits }, ...vote };
}

function isTopology(value: unknown): value is TopologyJson {
  const t = value as Partial<TopologyJson> | null;
  return typeof t === 'object' && t !== null && typeof t.class_name === 'string' && Array.isArray(t.config?.layers);
}
