import { TodoError } from '../../workbook/todo-error.js';

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
export function mayImport(_from: Layer, _to: Layer): boolean {
  // TODO(02.7): true when the import points inward or stays in its own layer; false when it points outward (the
  // domain importing the application, the application importing an adapter, anything importing the composition
  // root). Layer names often come from configuration, so a name not in LAYERS, on either side, throws a RangeError
  // whose message quotes that name and ends with "use one of domain, application, adapters, composition-root".
  throw new TodoError('02.7');
}
