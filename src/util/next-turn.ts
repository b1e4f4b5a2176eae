/**
 * A turn of the event loop for what waits (a request, a log line, a timer) before long work goes on: the one way
 * work that would hold the loop is cut into slices.
 */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A turn after which due timers and waiting I/O have been served, for work that yields once between long steps. An
 * immediate queued from an I/O callback or a promise runs in the same pass of the loop, before them (a loop that calls
 * nextTurn again and again serves them every second call); one queued from that immediate runs after them.
 */
export const giveWay = async (): Promise<void> => {
  await nextTurn();
  await nextTurn();
};
