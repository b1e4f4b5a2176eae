// The few places where the pipeline reaches back to a part built after the one that calls: a state_dir write that
// fails becomes an alert, which is itself written; a delivery's outcome says which channels work, which is itself an
// alert; a restart asks the evaluation that ordered it for a fresh look. The composition root declares each once,
// hands `call` to the earlier part, and answers it once the later part exists. A call before the answer is a wiring
// mistake, said by name rather than as a TDZ error from somewhere inside a closure.
export interface BackEdge<A extends unknown[], R = void> {
  readonly call: (...args: A) => R;
  answer(fn: (...args: A) => R): void;
}

export function backEdge<A extends unknown[], R = void>(name: string): BackEdge<A, R> {
  let answered: ((...args: A) => R) | undefined;
  return {
    call: (...args) => {
      if (!answered) throw new Error(`${name}: called before the part it reaches was built`);
      return answered(...args);
    },
    answer(fn) {
      if (answered) throw new Error(`${name}: answered twice`);
      answered = fn;
    },
  };
}
