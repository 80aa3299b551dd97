import { TodoError } from '../../workbook/todo-error.js';

// TODO(00.1): return the sum of a and b.
export function add(_a: number, _b: number): number {
  throw new TodoError('00.1');
}
