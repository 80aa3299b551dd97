/** Where providers announce which service they chose. Tests and the capstone pass their own logger. */
export type ProviderLog = (line: string) => void;

export const defaultProviderLog: ProviderLog = (line) => console.log(line);

/** `redis://user:secret@host:6379/0` becomes `redis://host:6379/0`: URLs in messages never carry credentials. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return '<unparsable URL>';
  }
}
