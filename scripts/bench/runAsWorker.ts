/**
 * A bench worker's entry: run `main`, then end the process with its outcome. It exits explicitly
 * so that nothing the app left open (keep-alive sockets, clients) keeps the worker, and the
 * parent waiting for its exit, alive once the result is sent.
 */
export function runAsWorker(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
