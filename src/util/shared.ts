// What the looks of one round read in common, read once. A one-shot check looks at every target in turn, and the
// profiles a root serves each read that root's files, its process, its log and the host's mount table: twenty times
// over for twenty profiles (issue 62). Everything else reads afresh at every look (`fresh`).

/** `read()`, or the answer of the first read under the same `key` in this round. */
export type Shared = <T>(key: string, read: () => Promise<T>) => Promise<T>;

export const fresh: Shared = (_key, read) => read();

/** A round's: every key read once, for the round's life (one check's). */
export function sharedOnce(): Shared {
  const kept = new Map<string, Promise<unknown>>();
  return <T>(key: string, read: () => Promise<T>): Promise<T> => {
    let p = kept.get(key) as Promise<T> | undefined;
    if (!p) kept.set(key, (p = read()));
    return p;
  };
}
