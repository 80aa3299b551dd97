/** What closing every resource gave: the names that closed, and those that failed with their error's message. */
export interface CloseReport {
  readonly closed: readonly string[];
  readonly failures: readonly { readonly resource: string; readonly error: string }[];
}

interface Resource {
  readonly name: string;
  readonly close: () => Promise<void> | void;
}

/** Resources closed at shutdown, the last opened first, each failure recorded without stopping the others. */
export class ResourceStack {
  readonly #resources: Resource[] = [];
  #report: Promise<CloseReport> | undefined;

  register(name: string, close: () => Promise<void> | void): void {
    if (this.#report) throw new Error(`cannot register "${name}": the resources are already closing`);
    this.#resources.push({ name, close });
  }

  closeAll(): Promise<CloseReport> {
    this.#report ??= this.#closeInReverse();
    return this.#report;
  }

  async #closeInReverse(): Promise<CloseReport> {
    const closed: string[] = [];
    const failures: { resource: string; error: string }[] = [];
    for (const { name, close } of this.#resources.toReversed()) {
      try {
        await close();
        closed.push(name);
      } catch (error) {
        failures.push({ resource: name, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return { closed, failures };
  }
}
