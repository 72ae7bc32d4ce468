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
export function headShapeOf(topology: unknown, embeddingSize: number, classCount: number): HeadShape | null {
  if (!isTopology(topology)) return null;
  const layers = topology.config.layers;
  const dense = layers.filter((l) => l.class_name === 'Dense');
  const units = (layer: LayerJson | undefined) => layer?.config.units;
  if (topology.class_name === 'Sequential') {
    if (dense.length === 1) return { embeddingSize, classCount, hiddenUnits: 0, seed: 0 };
    const hidden = units(dense[0]);
    return dense.length === 2 && hidden !== undefined ? { embeddingSize, classCount, hiddenUnits: hidden, seed: 0 } : null;
  }
  const inputs = topology.config.input_layers?.map(([name]) => name) ?? [];
  if (inputs.length !== 2) return null;
  const fedBy = (input: string) => dense.find((l) => l.inbound_nodes?.[0]?.[0]?.[0] === input);
  const split = layers.find((l) => (l.name ?? l.config.name) === inputs[0])?.config.batch_input_shape?.[1];
  const imageUnits = units(fedBy(inputs[0]));
  const handUnits = units(fedBy(inputs[1]));
  if (typeof split !== 'number' || imageUnits === undefined || handUnits === undefined) return null;
  return { embeddingSize, classCount, hiddenUnits: imageUnits, seed: 0, branches: { split, units: handUnits } };
}

function isTopology(value: unknown): value is TopologyJson {
  const t = value as Partial<TopologyJson> | null;
  return typeof t === 'object' && t !== null && typeof t.class_name === 'string' && Array.isArray(t.config?.layers);
}
