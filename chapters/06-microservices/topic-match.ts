/**
 * AMQP topic-exchange matching: words are separated by dots, `*` matches exactly one word, `#` zero or more.
 *
 * @example
 * topicMatches('order.*', 'order.placed'); // true
 * topicMatches('order.#', 'order'); // true
 */
export function topicMatches(pattern: string, topic: string): boolean {
  return matchFrom(pattern.split('.'), 0, topic.split('.'), 0);
}

function matchFrom(pattern: readonly string[], p: number, words: readonly string[], w: number): boolean {
  if (p === pattern.length) return w === words.length;
  const part = pattern[p];
  if (part === '#') {
    // `#` may swallow any number of words, including none.
    for (let skip = w; skip <= words.length; skip++) if (matchFrom(pattern, p + 1, words, skip)) return true;
    return false;
  }
  if (w === words.length) return false;
  return (part === '*' || part === words[w]) && matchFrom(pattern, p + 1, words, w + 1);
}
