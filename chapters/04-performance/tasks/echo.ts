/** A task that does nothing but return its data: measures the pool's round trip. */
export default function echo<T>(data: T): T {
  return data;
}
