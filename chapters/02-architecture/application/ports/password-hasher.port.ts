/** Turns a password into a string safe to store, and checks a password against it. */
export interface PasswordHasher {
  /** An encoded hash that carries its own salt and parameters. */
  hash(password: string): Promise<string>;
  /** True when `password` produced `encoded`; compares in constant time. */
  verify(password: string, encoded: string): Promise<boolean>;
}
