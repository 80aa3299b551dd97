/**
 * Control characters (NUL, BEL, line breaks, C1) and the Unicode bidirectional controls. In a name shown to other
 * people these are never intended: a control character breaks logs and terminals, and a bidi override makes text
 * display as something else ("Trojan Source", CVE-2021-42574).
 */
const UNPRINTABLE = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** True when `text` holds a control character or a bidi control (see above). */
export function hasUnprintable(text: string): boolean {
  return UNPRINTABLE.test(text);
}
