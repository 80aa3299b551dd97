/** The rings of a layered service, innermost first. The composition root is the outermost: it wires the rest. */
export const LAYERS = ['domain', 'application', 'adapters', 'composition-root'] as const;
export type Layer = (typeof LAYERS)[number];

/**
 * The dependency rule as one question: may code in layer `from` import code in layer `to`?
 *
 * @example
 * mayImport('adapters', 'domain'); // true: outer code may use inner code
 * mayImport('domain', 'adapters'); // false: inner code never imports outer code
 */
export function mayImport(from: Layer, to: Layer): boolean {
  return depth(from) >= depth(to);
}

// How far out a layer sits: 0 for the domain. Checked at run time because the names often come from a config file.
function depth(layer: Layer): number {
  const index = LAYERS.indexOf(layer);
  if (index < 0) throw new RangeError(`unknown layer "${layer}": use one of ${LAYERS.join(', ')}`);
  return index;
}
