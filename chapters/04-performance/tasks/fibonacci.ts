/** A CPU-bound task for the pool (and its benchmark): the naive recursive Fibonacci number of `n`. */
export default function fibonacci(n: number): number {
  return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);
}
