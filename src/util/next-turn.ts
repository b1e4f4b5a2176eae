/**
 * A turn of the event loop for what waits (a request, a log line, a timer) before long work goes on: the one way
 * work that would hold the loop is cut into slices.
 */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
