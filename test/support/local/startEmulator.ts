import { describeLocalEmulator } from "./describeLocalEmulator";
import { startLocalEmulator } from "./localEmulator";

async function main(): Promise<void> {
  const local = await startLocalEmulator();
  process.stdout.write(`${describeLocalEmulator(local)}Ctrl+C stops it.\n`);
  const stop = (): void => {
    void local.close().then(() => {
      process.exit(0);
    });
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
